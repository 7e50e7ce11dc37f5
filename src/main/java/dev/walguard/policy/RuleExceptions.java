package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A workload's {@code walguard.dev/ignore} (comma-separated rule ids) and {@code walguard.dev/ignore-reason}, read
 * from the object's metadata and its pod template's metadata together, as {@link Marking} reads the others: the
 * ids of every place are combined, and the first place with a non-blank reason gives the reason.
 *
 * <p>What may be ignored is the admin's ceiling, {@code walguard.exceptions}: {@link Exceptions#WARNINGS} lets only
 * findings that are warnings be set aside, {@link Exceptions#ALL} any finding, {@link Exceptions#NONE} none. A
 * finding that the annotation names but the ceiling keeps in effect says so in its message. WAL000 is never
 * ignored: it is how walguard reports its own annotations being wrong, this one's included.
 *
 * @param present  whether either place carries {@code walguard.dev/ignore}
 * @param rules    the valid rule ids named, in order of {@link RuleId}
 * @param reason   the reason, on one line and at most {@link #MAX_REASON} characters (then ending in …), or null
 * @param onlyOnObject whether the ignore is on the object's own metadata but not on its Pods' (a non-Pod workload)
 * @param invalid  the entries that name no rule that can be ignored, as written
 */
public record RuleExceptions(
        boolean present, Set<RuleId> rules, String reason, boolean onlyOnObject, List<String> invalid) {

    public static final String IGNORE = "walguard.dev/ignore";
    public static final String IGNORE_REASON = "walguard.dev/ignore-reason";

    /** The longest reason kept: reports and scan output carry it beside every ignored finding. */
    static final int MAX_REASON = 256;

    private static final RuleExceptions NONE = new RuleExceptions(false, Set.of(), null, false, List.of());

    public RuleExceptions {
        rules = rules.isEmpty() ? Set.of() : EnumSet.copyOf(rules);
        invalid = List.copyOf(invalid);
    }

    static RuleExceptions of(Workload workload) {
        String onObject = annotation(workload.metadata(), IGNORE);
        String onPods = annotation(workload.podMetadata(), IGNORE);
        if (onObject == null && onPods == null) {
            return NONE;
        }
        Set<RuleId> rules = EnumSet.noneOf(RuleId.class);
        // Distinct entries only: a value of 100,000 commas or repeats is one problem, not 100,000.
        Set<String> invalid = new LinkedHashSet<>();
        for (String value : new String[] {onObject, onPods}) {
            for (String entry : Marking.split(value)) {
                RuleId rule = rule(entry);
                if (rule == null) {
                    invalid.add(Prose.clip(entry));
                } else {
                    rules.add(rule);
                }
            }
        }
        String reason = reason(annotation(workload.metadata(), IGNORE_REASON));
        if (reason == null) {
            reason = reason(annotation(workload.podMetadata(), IGNORE_REASON));
        }
        boolean onlyOnObject = !workload.isPod() && onPods == null;
        return new RuleExceptions(true, rules, reason, onlyOnObject, new ArrayList<>(invalid));
    }

    /**
     * The findings with this workload's exceptions applied: those named and allowed by {@code ceiling} are marked
     * ignored, those named but kept in effect say why; WAL000 findings about the annotations come first.
     */
    List<Finding> apply(Workload workload, List<Finding> findings, Exceptions ceiling) {
        if (!present) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(problems(workload));
        boolean applies = reason != null && !rules.isEmpty();
        boolean ignoredViolation = false;
        for (Finding f : findings) {
            if (!applies || !rules.contains(f.rule())) {
                out.add(f);
            } else if (ceiling == Exceptions.NONE || (ceiling == Exceptions.WARNINGS && f.isViolation())) {
                out.add(kept(f, ceiling));
            } else {
                ignoredViolation |= f.isViolation();
                out.add(f.ignored(reason));
            }
        }
        if (ignoredViolation && onlyOnObject) {
            out.add(
                    0,
                    Finding.invalidAnnotation(
                            workload.display(),
                            "annotation " + IGNORE + " is on the metadata of " + workload.display()
                                    + " but not on its pod template, so the Pods it creates do not carry it; walguard checks"
                                    + " those Pods too and denies them for the violations ignored here.",
                            "Move " + IGNORE + " and " + IGNORE_REASON + " to the pod template's metadata"
                                    + " (spec.template.metadata.annotations)."));
        }
        return out;
    }

    /** WAL000 for entries that name no rule that can be ignored, and for an ignore without a reason. */
    private List<Finding> problems(Workload workload) {
        List<Finding> out = new ArrayList<>();
        if (!invalid.isEmpty()) {
            out.add(Finding.invalidAnnotation(
                    workload.display(),
                    "annotation " + IGNORE + " of " + workload.display() + " names "
                            + Prose.and(invalid, e -> "\"" + e + "\"") + ", which "
                            + (invalid.size() == 1 ? "is" : "are")
                            + " not a rule that can be ignored (WAL001 to " + last() + "; WAL000 never is); "
                            + (invalid.size() == 1 ? "it is" : "they are") + " left out.",
                    "List rule ids such as WAL006,WAL004 in " + IGNORE + ", separated by commas."));
        } else if (rules.isEmpty()) {
            out.add(Finding.invalidAnnotation(
                    workload.display(),
                    "annotation " + IGNORE + " of " + workload.display() + " names no rule, so it ignores nothing.",
                    "List rule ids such as WAL006,WAL004 in " + IGNORE + ", or remove it."));
        }
        if (reason == null && !rules.isEmpty()) {
            out.add(Finding.invalidAnnotation(
                    workload.display(),
                    "annotation " + IGNORE + " of " + workload.display() + " cannot ignore "
                            + Prose.and(rules.stream().map(RuleId::name).toList()) + " because it has no "
                            + IGNORE_REASON + "; every ignore must say why, so it does not apply.",
                    "Add " + IGNORE_REASON + " beside " + IGNORE + ", saying why the risk is accepted."));
        }
        return out;
    }

    /** A finding named by the ignore that the ceiling keeps in effect, saying so. */
    private static Finding kept(Finding f, Exceptions ceiling) {
        String why = ceiling == Exceptions.NONE
                ? "walguard.exceptions is none, so no finding may be ignored"
                : "walguard.exceptions is warnings, so only findings that are warnings may be ignored";
        return f.withSeverity(
                f.severity(),
                "(" + IGNORE + " names " + f.rule() + ", but it cannot be ignored because " + why + ".)",
                "(Cannot be ignored because walguard.exceptions is "
                        + ceiling.name().toLowerCase(Locale.ROOT) + ".)");
    }

    /** The rule an entry names, or null for an unknown id and for WAL000. Exact, as rule ids are written. */
    private static RuleId rule(String entry) {
        for (RuleId r : RuleId.values()) {
            if (r != RuleId.WAL000 && r.name().equals(entry)) {
                return r;
            }
        }
        return null;
    }

    private static String last() {
        RuleId[] all = RuleId.values();
        return all[all.length - 1].name();
    }

    /** Whitespace and control characters as single spaces, trimmed, cut at {@link #MAX_REASON}; null when blank. */
    static String reason(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), MAX_REASON + 1));
        boolean space = false;
        for (int i = 0; i < value.length() && b.length() <= MAX_REASON; i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                space = !b.isEmpty();
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        if (b.isEmpty()) {
            return null;
        }
        String text = b.toString();
        return text.length() <= MAX_REASON ? text : Prose.clip(text, MAX_REASON - 1) + "…";
    }

    private static String annotation(ObjectMeta meta, String key) {
        if (meta == null) {
            return null;
        }
        Map<String, String> annotations = meta.getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
