package dev.walguard.cli;

import dev.walguard.policy.Severity;
import java.util.List;

/** Everything a scan found, in input order. */
record ScanResult(List<ScannedFinding> findings, int workloads) {

    long count(Severity severity) {
        return findings.stream().filter(f -> f.finding().severity() == severity).count();
    }
}
