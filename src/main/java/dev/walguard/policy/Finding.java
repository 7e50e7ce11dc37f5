package dev.walguard.policy;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One problem found in a workload. {@code reason} is the full sentence for denials and reports; {@code summary} a
 * shorter one for admission warnings (the reason when null). {@code volume}, {@code claim}, {@code storageClass} and {@code driver}
 * are null where they do not apply or are not known. {@code ignoreReason} is the workload's
 * {@code walguard.dev/ignore-reason} when the workload set this finding aside ({@link RuleExceptions}): it then
 * neither denies nor warns, and is still reported. It is null for a finding in effect.
 *
 * <p>The text (reason, summary, fix) of a per-volume finding may be given as a {@link Supplier} and is then built on
 * first use ({@link Words}): a workload with 16,000 volumes on one claim has 16,000 findings, of which a denial
 * shows two and the warnings a few, so building every sentence up front cost more than the rest of the evaluation.
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
        Words words,
        String ignoreReason) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(words, "words");
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

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
        this(
                rule,
                severity,
                workload,
                volume,
                claim,
                storageClass,
                driver,
                containers,
                Words.now(new Text(reason, summary, fix)),
                null);
    }

    /** The words of a finding; a null summary is the reason. */
    record Text(String reason, String summary, String fix) {}

    /** A finding's {@link Text}, given or built on first use; equal when the texts are. */
    public static final class Words {
        private final Supplier<Text> source;
        /** Building it twice (two threads) gives equal text, so no lock. */
        private volatile Text text;

        private Words(Supplier<Text> source, Text text) {
            this.source = source;
            this.text = text;
        }

        static Words now(Text text) {
            return new Words(null, checked(text));
        }

        static Words later(Supplier<Text> source) {
            return new Words(Objects.requireNonNull(source, "source"), null);
        }

        private static Text checked(Text t) {
            Objects.requireNonNull(t.reason(), "reason");
            Objects.requireNonNull(t.fix(), "fix");
            return t.summary() == null ? new Text(t.reason(), t.reason(), t.fix()) : t;
        }

        Text text() {
            Text t = text;
            if (t == null) {
                t = checked(source.get());
                text = t;
            }
            return t;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Words w && text().equals(w.text());
        }

        @Override
        public int hashCode() {
            return text().hashCode();
        }

        @Override
        public String toString() {
            return text().toString();
        }
    }

    public String reason() {
        return words.text().reason();
    }

    public String summary() {
        return words.text().summary();
    }

    public String fix() {
        return words.text().fix();
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
        return onVolume(
                rule, severity, workload, volume, storage, containers, Words.now(new Text(reason, summary, fix)));
    }

    /** As {@link #onVolume(RuleId, Severity, String, String, StorageVerdict, List, String, String, String)}, its text built on first use. */
    static Finding onVolume(
            RuleId rule,
            Severity severity,
            String workload,
            String volume,
            StorageVerdict storage,
            List<String> containers,
            Supplier<Text> text) {
        return onVolume(rule, severity, workload, volume, storage, containers, Words.later(text));
    }

    private static Finding onVolume(
            RuleId rule,
            Severity severity,
            String workload,
            String volume,
            StorageVerdict storage,
            List<String> containers,
            Words words) {
        return new Finding(
                rule,
                severity,
                workload,
                volume,
                storage.claim(),
                storage.storageClass(),
                storage.driver(),
                containers,
                words,
                null);
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

    /** As {@link #invalidAnnotationOnVolume(String, String, String, String)}, its text built only when read. */
    static Finding invalidAnnotationOnVolume(String workload, String volume, Supplier<Text> text) {
        return new Finding(
                RuleId.WAL000,
                Severity.WARNING,
                workload,
                volume,
                null,
                null,
                null,
                List.of(),
                Words.later(text),
                null);
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
        return rule + " " + reason() + " Fix: " + fix();
    }

    /** The short form for admission warnings, which the API server caps at 256 characters. */
    public String warning() {
        return rule + " " + summary() + " Fix: " + fix();
    }

    /** Identifies "the same problem" across the old and new object of an UPDATE. */
    public String key() {
        return rule + "/" + (volume == null ? "" : volume);
    }

    /** Whether its rule's severity is violation, ignored or not: see {@link #denies()}. */
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
                Words.later(() -> new Text(reason() + " " + reasonNote, summary() + " " + summaryNote, fix())),
                ignoreReason);
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
                words,
                Objects.requireNonNull(why, "why"));
    }
}
