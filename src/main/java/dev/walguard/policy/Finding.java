package dev.walguard.policy;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One problem found in a workload. {@code reason} is the full sentence for denials and reports; {@code summary} a
 * shorter one for admission warnings (the reason when null). {@code volume}, {@code claim}, {@code storageClass} and {@code driver}
 * are null where they do not apply or are not known.
 *
 * <p>The text (reason, summary, fix) of a per-volume finding may be given as a {@link Supplier} and is then built on
 * first use: a workload with 16,000 volumes on one claim has 16,000 findings, of which a denial shows two and the
 * warnings a few, so building every sentence up front cost more than the rest of the evaluation. Equality and
 * {@link #toString()} are those of a record of all eleven values.
 */
public final class Finding {

    /** The words of a finding. */
    record Text(String reason, String summary, String fix) {}

    private final RuleId rule;
    private final Severity severity;
    private final String workload;
    private final String volume;
    private final String claim;
    private final String storageClass;
    private final String driver;
    private final List<String> containers;
    private final Supplier<Text> source;
    /** The text once built; building it twice (two threads) gives equal text, so no lock. */
    private volatile Text text;

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
        this(rule, severity, workload, volume, claim, storageClass, driver, containers, null);
        this.text = checked(new Text(reason, summary, fix));
    }

    private Finding(
            RuleId rule,
            Severity severity,
            String workload,
            String volume,
            String claim,
            String storageClass,
            String driver,
            List<String> containers,
            Supplier<Text> source) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.volume = volume;
        this.claim = claim;
        this.storageClass = storageClass;
        this.driver = driver;
        this.containers = containers == null ? List.of() : List.copyOf(containers);
        this.source = source;
    }

    private static Text checked(Text t) {
        Objects.requireNonNull(t.reason(), "reason");
        Objects.requireNonNull(t.fix(), "fix");
        return t.summary() == null ? new Text(t.reason(), t.reason(), t.fix()) : t;
    }

    private Text text() {
        Text t = text;
        if (t == null) {
            t = checked(source.get());
            text = t;
        }
        return t;
    }

    public RuleId rule() {
        return rule;
    }

    public Severity severity() {
        return severity;
    }

    public String workload() {
        return workload;
    }

    public String volume() {
        return volume;
    }

    public String claim() {
        return claim;
    }

    public String storageClass() {
        return storageClass;
    }

    public String driver() {
        return driver;
    }

    public List<String> containers() {
        return containers;
    }

    public String reason() {
        return text().reason();
    }

    public String summary() {
        return text().summary();
    }

    public String fix() {
        return text().fix();
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

    /** As {@link #onVolume(RuleId, Severity, String, String, StorageVerdict, List, String, String, String)}, its text built on first use. */
    static Finding onVolume(
            RuleId rule,
            Severity severity,
            String workload,
            String volume,
            StorageVerdict storage,
            List<String> containers,
            Supplier<Text> text) {
        return new Finding(
                rule,
                severity,
                workload,
                volume,
                storage.claim(),
                storage.storageClass(),
                storage.driver(),
                containers,
                Objects.requireNonNull(text, "text"));
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
                () -> new Text(reason() + " " + reasonNote, summary() + " " + summaryNote, fix()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f
                && rule == f.rule
                && severity == f.severity
                && workload.equals(f.workload)
                && Objects.equals(volume, f.volume)
                && Objects.equals(claim, f.claim)
                && Objects.equals(storageClass, f.storageClass)
                && Objects.equals(driver, f.driver)
                && containers.equals(f.containers)
                && text().equals(f.text());
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, severity, workload, volume, claim, storageClass, driver, containers, text());
    }

    @Override
    public String toString() {
        return "Finding[rule=" + rule + ", severity=" + severity + ", workload=" + workload + ", volume=" + volume
                + ", claim=" + claim + ", storageClass=" + storageClass + ", driver=" + driver + ", containers="
                + containers + ", reason=" + reason() + ", summary=" + summary() + ", fix=" + fix() + "]";
    }
}
