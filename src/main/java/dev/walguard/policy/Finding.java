package dev.walguard.policy;

import java.util.List;
import java.util.Objects;

/**
 * One problem found in a workload. {@code reason} is the full sentence for denials and reports; {@code summary} a
 * shorter one for admission warnings (the reason when null). {@code volume}, {@code claim}, {@code storageClass} and {@code driver}
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
        String summary,
        String fix) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
        containers = containers == null ? List.of() : List.copyOf(containers);
        summary = summary == null ? reason : summary;
    }

    /** The form used in denial messages and reports: {@code <ID> <reason> Fix: <fix>}. */
    public String message() {
        return rule + " " + reason + " Fix: " + fix;
    }

    /** The short form for admission warnings, which the API server caps at 256 characters. */
    public String warning() {
        return rule + " " + summary + " Fix: " + fix;
    }

    /** Identifies "the same problem" across the old and new object of an UPDATE. */
    public String key() {
        return rule + "/" + (volume == null ? "" : volume);
    }

    public boolean isViolation() {
        return severity == Severity.VIOLATION;
    }

    /** The same finding at another severity, with a note appended to its reason and its summary. */
    public Finding withSeverity(Severity newSeverity, String reasonNote, String summaryNote) {
        return new Finding(rule, newSeverity, workload, volume, claim, storageClass, driver, containers,
                reason + " " + reasonNote, summary + " " + summaryNote, fix);
    }
}
