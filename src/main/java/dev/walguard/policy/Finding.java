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

    /**
     * A finding of a per-volume rule, located on a volume and the storage found behind it.
     *
     * @param summary the short form for warnings
     */
    static Finding onVolume(
            RuleId rule,
            Severity severity,
            String workload,
            String volume,
            StorageVerdict storage,
            List<String> containers,
            String reason,
            String summary,
            String fix) {
        return new Finding(
                rule,
                severity,
                workload,
                volume,
                storage.claim(),
                storage.storageClass(),
                storage.driver(),
                containers,
                reason,
                summary,
                fix);
    }

    /** WAL000 for a walguard annotation of a workload that is malformed as a whole. */
    static Finding invalidAnnotation(String workload, String reason, String fix) {
        return invalidAnnotationOnVolume(workload, null, reason, fix);
    }

    /** WAL000 for a walguard annotation that names a volume it cannot apply to ({@link #key()} tells them apart). */
    static Finding invalidAnnotationOnVolume(String workload, String volume, String reason, String fix) {
        return new Finding(
                RuleId.WAL000, Severity.WARNING, workload, volume, null, null, null, List.of(), reason, null, fix);
    }

    /** WAL000 for a Namespace whose mode label is malformed. */
    static Finding invalidModeLabel(String namespace, String reason, String fix) {
        return invalidAnnotation("Namespace " + namespace, reason, fix);
    }

    /** WAL005: a database path on no volume, in the writable layer of {@code containers}. */
    static Finding databaseOnNoVolume(String workload, List<String> containers, String reason, String fix) {
        return new Finding(
                RuleId.WAL005, Severity.WARNING, workload, null, null, null, null, containers, reason, null, fix);
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
        return new Finding(
                rule,
                newSeverity,
                workload,
                volume,
                claim,
                storageClass,
                driver,
                containers,
                reason + " " + reasonNote,
                summary + " " + summaryNote,
                fix);
    }
}
