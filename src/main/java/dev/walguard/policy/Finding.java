package dev.walguard.policy;

import java.util.List;
import java.util.Objects;

/**
 * One problem found in a workload. {@code volume}, {@code claim}, {@code storageClass} and {@code driver}
 * are null where they do not apply or are not known.
 */
public record Finding(
        RuleId rule,
        Severity severity,
        String workload,
        String volume,
        String claim,
        String storageClass,
        String driver,
        List<String> containers,
        String reason,
        String fix) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /** The form used in denial messages and reports: {@code <ID> <reason> Fix: <fix>}. */
    public String message() {
        return rule + " " + reason + " Fix: " + fix;
    }

    /** Identifies "the same problem" across the old and new object of an UPDATE. */
    public String key() {
        return rule + "/" + (volume == null ? "" : volume);
    }

    public boolean isViolation() {
        return severity == Severity.VIOLATION;
    }

    public Finding withSeverity(Severity newSeverity, String reasonSuffix) {
        return new Finding(rule, newSeverity, workload, volume, claim, storageClass, driver, containers,
                reasonSuffix == null ? reason : reason + " " + reasonSuffix, fix);
    }
}
