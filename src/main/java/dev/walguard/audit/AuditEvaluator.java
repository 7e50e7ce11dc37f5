package dev.walguard.audit;

import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.ClusterView;
import dev.walguard.policy.Finding;
import dev.walguard.policy.Mode;
import dev.walguard.policy.ObservedWalDatabases;
import dev.walguard.policy.RuleId;
import dev.walguard.policy.Workload;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Evaluates workloads with the admission policy's own code: the namespace's mode (off: not reported, exempt
 * namespaces skipped), then {@code WorkloadEvaluator}. Only top-level workloads count: Pods without a controller,
 * ReplicaSets not owned by a Deployment, Jobs not owned by a CronJob, and every other kind with a pod template;
 * bare Pods and Jobs that have finished are skipped.
 */
final class AuditEvaluator {

    private static final Logger LOG = Logger.getLogger(AuditEvaluator.class);

    private static final Set<String> COVERING =
            Set.of(RuleId.WAL001.name(), RuleId.WAL007.name(), RuleId.WAL008.name());

    private final AdmissionPolicy policy;

    AuditEvaluator(AdmissionPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param candidates objects from a {@code WorkloadSource}
     * @param namespaces only these namespaces, or null for all
     * @return results per namespace (namespaces without a reported workload are absent), sorted by kind and name
     */
    Map<String, List<WorkloadResult>> evaluate(List<HasMetadata> candidates, Set<String> namespaces, ClusterView view) {
        Map<String, List<WorkloadResult>> out = new TreeMap<>();
        Map<String, Optional<ModeAndFindings>> modes = new HashMap<>();
        for (HasMetadata o : candidates) {
            String ns = o.getMetadata() == null ? null : o.getMetadata().getNamespace();
            if (ns == null
                    || (namespaces != null && !namespaces.contains(ns))
                    || policy.exempt(ns)
                    || !topLevel(o)
                    || finished(o)) {
                continue;
            }
            Workload w;
            try {
                Optional<Workload> parsed = Workloads.of(o, ns);
                if (parsed.isEmpty()) {
                    continue;
                }
                w = parsed.get();
            } catch (Workloads.UnreadableWorkloadException e) {
                LOG.debugf(
                        "cannot read %s %s/%s: %s",
                        o.getKind(), ns, o.getMetadata().getName(), e.getMessage());
                continue;
            }
            if (!policy.evaluates(w)) {
                continue;
            }
            Optional<ModeAndFindings> mode = modeOf(ns, modes, view);
            if (mode.isEmpty()) {
                continue;
            }
            List<Finding> findings = new ArrayList<>(mode.get().findings());
            findings.addAll(policy.evaluator().evaluate(w, view));
            out.computeIfAbsent(ns, n -> new ArrayList<>())
                    .add(new WorkloadResult(
                            ns,
                            w.kind(),
                            o.getApiVersion(),
                            w.name(),
                            o.getMetadata().getUid(),
                            mode.get().mode().label(),
                            policy.evaluator().detection().appNames(w),
                            findings.stream().map(AuditEvaluator::result).toList()));
        }
        addObservedDatabases(out, namespaces, modes, view);
        for (List<WorkloadResult> list : out.values()) {
            list.sort(Comparator.comparing(WorkloadResult::kind).thenComparing(WorkloadResult::name));
        }
        return out;
    }

    private record ModeAndFindings(Mode mode, List<Finding> findings) {}

    /** The namespace's mode and its label's findings, worked out once per pass; empty when the mode is off. */
    private Optional<ModeAndFindings> modeOf(
            String namespace, Map<String, Optional<ModeAndFindings>> modes, ClusterView view) {
        return modes.computeIfAbsent(namespace, n -> {
            List<Finding> modeFindings = new ArrayList<>();
            Mode m = policy.modeFor(n, view, modeFindings);
            return m == Mode.OFF ? Optional.empty() : Optional.of(new ModeAndFindings(m, modeFindings));
        });
    }

    /**
     * WAL008 on the workload that owns each pod where the node agent found a live WAL database on a network volume,
     * unless that workload already has WAL001 or WAL007 on the claim (its marking covered the volume) or WAL008 from
     * another of its pods. A workload
     * reported for nothing else gets a result of its own.
     */
    private void addObservedDatabases(
            Map<String, List<WorkloadResult>> out,
            Set<String> namespaces,
            Map<String, Optional<ModeAndFindings>> modes,
            ClusterView view) {
        if (view.observations().isEmpty()) {
            return;
        }
        Map<String, Integer> positions = new HashMap<>();
        out.values().forEach(list -> {
            for (int i = 0; i < list.size(); i++) {
                positions.put(list.get(i).key(), i);
            }
        });
        for (ObservedWalDatabases.Sighting s : policy.evaluator().observedWalDatabases(view)) {
            String ns = s.namespace();
            if ((namespaces != null && !namespaces.contains(ns)) || policy.exempt(ns)) {
                continue;
            }
            Optional<ModeAndFindings> mode = modeOf(ns, modes, view);
            if (mode.isEmpty()) {
                continue;
            }
            List<WorkloadResult> list = out.computeIfAbsent(ns, n -> new ArrayList<>());
            String key = WorkloadResult.key(ns, s.kind(), s.name());
            Integer at = positions.get(key);
            WorkloadResult.FindingResult found = result(s.finding());
            if (at == null) {
                List<WorkloadResult.FindingResult> findings = new ArrayList<>();
                mode.get().findings().forEach(f -> findings.add(result(f)));
                findings.add(found);
                // Its other pods' sightings (another replica, another claim) join this result.
                positions.put(key, list.size());
                list.add(new WorkloadResult(
                        ns,
                        s.kind(),
                        s.apiVersion(),
                        s.name(),
                        s.uid(),
                        mode.get().mode().label(),
                        findings));
                continue;
            }
            WorkloadResult w = list.get(at);
            boolean covered =
                    w.findings().stream().anyMatch(f -> s.claim().equals(f.claim()) && COVERING.contains(f.rule()));
            if (!covered) {
                List<WorkloadResult.FindingResult> findings = new ArrayList<>(w.findings());
                findings.add(found);
                list.set(
                        at,
                        new WorkloadResult(
                                w.namespace(),
                                w.kind(),
                                w.apiVersion(),
                                w.name(),
                                w.uid(),
                                w.mode(),
                                w.detected(),
                                findings));
            }
        }
    }

    /** Pods made by a controller, and ReplicaSets and Jobs made by a Deployment or CronJob, are their owner's. */
    static boolean topLevel(HasMetadata o) {
        OwnerReference controller = Workloads.controllerOf(o.getMetadata()).orElse(null);
        if (controller == null) {
            return true;
        }
        return switch (o.getKind()) {
            case "Pod" -> false;
            case "ReplicaSet" -> !"Deployment".equals(controller.getKind());
            case "Job" -> !"CronJob".equals(controller.getKind());
            default -> true;
        };
    }

    /**
     * A bare Pod that has Succeeded or Failed, or a Job that is Complete or Failed, holds no database open any more:
     * it is not reported (a CronJob's Jobs are the CronJob's, which keeps being reported).
     */
    static boolean finished(HasMetadata o) {
        if (o instanceof Pod pod) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            return "Succeeded".equals(phase) || "Failed".equals(phase);
        }
        if (o instanceof Job job) {
            return job.getStatus() != null
                    && job.getStatus().getConditions() != null
                    && job.getStatus().getConditions().stream()
                            .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                    && "True".equals(c.getStatus()));
        }
        return false;
    }

    static WorkloadResult.FindingResult result(Finding f) {
        return new WorkloadResult.FindingResult(
                f.rule().name(),
                f.rule().ruleName(),
                f.severity().label(),
                f.message(),
                f.volume(),
                f.claim(),
                f.storageClass(),
                f.driver(),
                f.containers(),
                f.ignoreReason());
    }
}
