package dev.walguard.policy;

import java.util.List;
import java.util.Objects;

/**
 * One problem found in a workload. {@code reason} is the full sentence for denials and reports; {@code summary} a
 * shorter one for admission warnings (the reason when null). {@code volume}, {@code claim}, {@code storageClass} and {@code driver}
 * are null where they do not apply or are not known. {@code ignoreReason} is the workload's
 * {@code walguard.dev/ignore-reason} when the workload set this finding aside ({@link RuleExceptions}): it then
 * neither denies nor warns, and is still reported. It is null for a finding in effect.
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
        String fix,
        String ignoreReason) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fix, "fix");
        containers = containers == null ? List.of() : List.copyOf(containers);
        summary = summary == null ? reason : summary;
    }

    /** A finding in effect (not ignored). */
    public Finding(
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
        this(rule, severity, workload, volume, claim, storageClass, driver, containers, reason, summary, fix, null);
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

    /** Whether its rule's severity is violation, ignored or not: see {@link #denies()}. */
    public boolean isViolation() {
        return severity == Severity.VIOLATION;
    }

    /** Set aside by the workload's {@code walguard.dev/ignore}: reported, but neither denies nor warns. */
    public boolean isIgnored() {
        return ignoreReason != null;
    }

    /** A violation in effect: what denies in enforce mode. */
    public boolean denies() {
        return isViolation() && !isIgnored();
    }

    /** The same finding, set aside for {@code why} (the workload's ignore-reason). */
    Finding ignored(String why) {
        return new Finding(
                rule,
                severity,
                workload,
                volume,
                claim,
                storageClass,
                driver,
                containers,
                reason,
                summary,
                fix,
                Objects.requireNonNull(why, "why"));
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
                fix,
                ignoreReason);
    }
}
