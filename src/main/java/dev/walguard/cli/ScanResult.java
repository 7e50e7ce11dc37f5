package dev.walguard.cli;

import dev.walguard.policy.Severity;
import java.util.List;

/** Everything a scan found, in input order. */
record ScanResult(List<ScannedFinding> findings, int workloads) {

    /** Findings in effect of this severity; ignored ones are counted by {@link #ignored()}. */
    long count(Severity severity) {
        return findings.stream()
                .filter(f -> f.finding().severity() == severity && !f.finding().isIgnored())
                .count();
    }

    /** Findings set aside by their workload's {@code walguard.dev/ignore}. */
    long ignored() {
        return findings.stream().filter(f -> f.finding().isIgnored()).count();
    }
}
