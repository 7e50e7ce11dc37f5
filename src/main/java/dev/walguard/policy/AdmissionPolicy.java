package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Turns an admission request into a decision: operation, exemption, marking (or detection) and mode first, then the
 * rules.
 */
public final class AdmissionPolicy {

    public static final String MODE_LABEL = "walguard.dev/mode";

    private final PolicySettings settings;
    private final WorkloadEvaluator evaluator;

    public AdmissionPolicy(PolicySettings settings) {
        this.settings = settings;
        this.evaluator = new WorkloadEvaluator(settings);
    }

    public WorkloadEvaluator evaluator() {
        return evaluator;
    }

    /**
     * Whether the workload is looked into: marked, or detected by its images ({@link ImageDetection}). Cheap: the
     * annotations, then one catalogue lookup per container image.
     */
    public boolean evaluates(Workload w) {
        return Marking.isMarked(w.metadata(), w.podMetadata())
                || evaluator.detection().detects(w);
    }

    /** Whether the namespace is never evaluated ({@code walguard.exempt-namespaces}). */
    public boolean exempt(String namespace) {
        return settings.exemptNamespaces().contains(namespace);
    }

    /**
     * The mode that applies in a namespace, as admission resolves it (label, else global); an invalid label adds
     * its WAL000 warning to {@code findings}. For background reports.
     */
    public Mode modeFor(String namespace, ClusterView view, List<Finding> findings) {
        Optional<Namespace> ns = view.namespace(namespace);
        String label = ns.map(n -> n.getMetadata().getLabels())
                .map(l -> l.get(MODE_LABEL))
                .orElse(null);
        if (label == null) {
            return settings.mode();
        }
        Optional<Mode> parsed = Mode.parse(label);
        if (parsed.isEmpty()) {
            findings.add(Finding.invalidModeLabel(
                    namespace,
                    "label " + MODE_LABEL + " of Namespace " + namespace
                            + " has the value \"" + label + "\", which is not enforce, audit or off; the global mode "
                            + settings.mode().label() + " applies.",
                    "Set the label to enforce, audit or off."));
            return settings.mode();
        }
        return parsed.get();
    }

    public Decision decide(AdmissionInput in, ClusterView view) {
        if (!in.operation().evaluated()
                || (in.subResource() != null && !in.subResource().isEmpty())
                || in.object() == null) {
            return Decision.allow(Decision.Outcome.SKIPPED);
        }
        // The workload's namespace: the request's, else the object's (Workloads resolves it).
        String namespace = in.object().namespace();
        if (exempt(namespace)) {
            return Decision.allow(Decision.Outcome.EXEMPT);
        }
        if (!evaluates(in.object())) {
            return Decision.allow(Decision.Outcome.UNMARKED);
        }
        List<Finding> findings = new ArrayList<>();
        Mode mode = modeFor(namespace, view, findings);
        if (mode == Mode.OFF) {
            return new Decision(true, null, List.of(), Map.of(), List.of(), Mode.OFF, Decision.Outcome.OFF);
        }
        findings.addAll(evaluator.evaluate(in.object(), view));
        if (in.operation() == Operation.UPDATE && in.oldObject() != null) {
            findings = downgradePreexisting(findings, evaluator.evaluate(in.oldObject(), view));
        }
        return decide(mode, findings);
    }

    /**
     * The decision for findings under a mode (enforce or audit). Ignored findings neither deny nor warn; the audit
     * annotation {@code findings} names the rules in effect, {@code ignored} the rules set aside.
     */
    private static Decision decide(Mode mode, List<Finding> findings) {
        // One pass: thousands of findings on one claim are split once rather than streamed over five times.
        List<Finding> inEffect = new ArrayList<>(findings.size());
        List<Finding> violations = new ArrayList<>();
        List<Finding> notViolations = new ArrayList<>();
        // Enum sets iterate in declaration order, which is the ids' sorted order.
        Set<RuleId> inEffectRules = EnumSet.noneOf(RuleId.class);
        Set<RuleId> ignoredRules = EnumSet.noneOf(RuleId.class);
        for (Finding f : findings) {
            if (f.isIgnored()) {
                ignoredRules.add(f.rule());
                continue;
            }
            inEffect.add(f);
            inEffectRules.add(f.rule());
            (f.denies() ? violations : notViolations).add(f);
        }
        Map<String, String> audit = new LinkedHashMap<>();
        putRules(audit, "findings", inEffectRules);
        putRules(audit, "ignored", ignoredRules);
        audit.put("mode", mode.label());
        if (mode == Mode.ENFORCE && !violations.isEmpty()) {
            String message = DenialMessage.of(violations);
            List<String> warnings = WarningBudget.fit(notViolations);
            return new Decision(false, message, warnings, audit, findings, mode, Decision.Outcome.DENIED);
        }
        List<String> warnings = WarningBudget.fit(inEffect);
        return new Decision(
                true,
                null,
                warnings,
                audit,
                findings,
                mode,
                inEffect.isEmpty() ? Decision.Outcome.ALLOWED : Decision.Outcome.WARNED);
    }

    /** {@code key}: the sorted, distinct rule ids of some findings, when there are any. */
    private static void putRules(Map<String, String> audit, String key, Set<RuleId> rules) {
        if (!rules.isEmpty()) {
            StringJoiner ids = new StringJoiner(",");
            rules.forEach(r -> ids.add(r.name()));
            audit.put(key, ids.toString());
        }
    }

    /**
     * An UPDATE never denies for a violation the old object already had (same rule, same volume), ignored there or
     * not: removing an ignore, or an admin lowering {@code walguard.exceptions}, must not block scaling or finalizer
     * removal of a workload that was admitted.
     */
    private static List<Finding> downgradePreexisting(List<Finding> current, List<Finding> old) {
        // Keyed as Finding#key() is, without building a string per finding of both objects.
        Set<RuleOnVolume> oldViolations = new HashSet<>();
        for (Finding f : old) {
            if (f.isViolation()) {
                oldViolations.add(RuleOnVolume.of(f));
            }
        }
        List<Finding> out = new ArrayList<>(current.size());
        for (Finding f : current) {
            if (f.denies() && oldViolations.contains(RuleOnVolume.of(f))) {
                out.add(f.withSeverity(
                        Severity.WARNING,
                        "(It was already there before this update, so it does not " + "block it.)",
                        "(Pre-existing: not blocking.)"));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** What {@link Finding#key()} says: a rule, and the volume it is about (empty for none). */
    private record RuleOnVolume(RuleId rule, String volume) {
        static RuleOnVolume of(Finding f) {
            return new RuleOnVolume(f.rule(), f.volume() == null ? "" : f.volume());
        }
    }
}
