package dev.walguard.audit;

import dev.walguard.policy.ErrorText;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Writes the per-namespace reports (leader only, live mode only): for each report kind whose CRD is installed, one
 * object named {@code walguard} per namespace with marked workloads, replaced when its results change and deleted
 * when the namespace has none left. Each CRD is looked up once, at the first write; if absent or forbidden the kind
 * is skipped with one INFO line. Only the audit thread calls it.
 */
final class ReportWriter {

    private static final Logger LOG = Logger.getLogger(ReportWriter.class);

    private final KubernetesClient client;
    private final Clock clock;
    private List<ReportKind> kinds;
    /** Per kind, namespace → the results last written (without timestamps), or "stale" for one to delete. */
    private final Map<ReportKind, Map<String, Object>> written = new HashMap<>();
    /** Kinds whose stale reports were looked for in this leader term (each kind once: one list call). */
    private final Set<ReportKind> swept = new HashSet<>();

    ReportWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Report kinds whose CRD is installed and readable (looked up once). */
    List<ReportKind> kinds() {
        if (kinds == null) {
            kinds = ReportKind.ALL.stream().filter(this::installed).toList();
        }
        return kinds;
    }

    private boolean installed(ReportKind k) {
        try {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(k.crd())
                    .get();
            if (crd == null) {
                LOG.infof("CRD %s is not installed: no %s objects are written", k.crd(), k.kind());
                return false;
            }
            boolean served = crd.getSpec() == null
                    || crd.getSpec().getVersions() == null
                    || crd.getSpec().getVersions().stream()
                            .anyMatch(v -> k.context().getVersion().equals(v.getName())
                                    && !Boolean.FALSE.equals(v.getServed()));
            if (!served) {
                LOG.infof("CRD %s does not serve %s: no %s objects are written", k.crd(), k.apiVersion(), k.kind());
            }
            return served;
        } catch (KubernetesClientException e) {
            LOG.infof(
                    "Cannot read CRD %s (HTTP %d): no %s objects are written; see docs/rbac.md",
                    k.crd(), e.getCode(), k.kind());
            return false;
        }
    }

    /** Forgets what was written (a new leader term re-writes everything and sweeps stale reports again). */
    void reset() {
        written.clear();
        swept.clear();
    }

    /**
     * Brings the reports in line with the results.
     *
     * @param results every namespace's results (namespaces absent have no reported workload)
     */
    void write(Map<String, List<WorkloadResult>> results) {
        for (ReportKind k : kinds()) {
            write(k, results);
        }
    }

    private void write(ReportKind k, Map<String, List<WorkloadResult>> results) {
        Map<String, Object> done = written.computeIfAbsent(k, x -> new HashMap<>());
        if (!swept.contains(k)) {
            try {
                for (GenericKubernetesResource r : client.genericKubernetesResources(k.context())
                        .inAnyNamespace()
                        .withLabel(ManagedBy.LABEL, ManagedBy.WALGUARD)
                        .list()
                        .getItems()) {
                    String ns = r.getMetadata().getNamespace();
                    if (!results.containsKey(ns)) {
                        done.put(ns, "stale");
                    }
                }
            } catch (KubernetesClientException e) {
                LOG.warnf(
                        "Cannot list %s objects (HTTP %d %s); retrying later",
                        k.kind(), e.getCode(), ErrorText.firstLine(e.getMessage(), ""));
                return;
            }
        }
        for (Map.Entry<String, List<WorkloadResult>> e : results.entrySet()) {
            // What decides whether a report must be rewritten: the results, not the timestamps.
            Object content = List.copyOf(e.getValue());
            if (content.equals(done.get(e.getKey()))) {
                continue;
            }
            try {
                createOrUpdate(k, e.getKey(), e.getValue());
                done.put(e.getKey(), content);
            } catch (KubernetesClientException ex) {
                LOG.warnf(
                        "Cannot write %s %s/%s (HTTP %d %s); retrying on the next change",
                        k.kind(),
                        e.getKey(),
                        ManagedBy.WALGUARD,
                        ex.getCode(),
                        ErrorText.firstLine(ex.getMessage(), ""));
            }
        }
        for (String ns : new ArrayList<>(done.keySet())) {
            if (!results.containsKey(ns)) {
                try {
                    client.genericKubernetesResources(k.context())
                            .inNamespace(ns)
                            .withName(ManagedBy.WALGUARD)
                            .delete();
                    done.remove(ns);
                } catch (KubernetesClientException ex) {
                    LOG.warnf("Cannot delete %s %s/%s (HTTP %d)", k.kind(), ns, ManagedBy.WALGUARD, ex.getCode());
                }
            }
        }
        swept.add(k);
    }

    private void createOrUpdate(ReportKind k, String namespace, List<WorkloadResult> workloads) {
        GenericKubernetesResource report = PolicyReportBuilder.build(k, namespace, workloads, clock.instant());
        var ops = client.genericKubernetesResources(k.context()).inNamespace(namespace);
        GenericKubernetesResource existing = ops.withName(ManagedBy.WALGUARD).get();
        if (existing == null) {
            ops.resource(report).create();
        } else {
            report.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            ops.resource(report).update();
        }
    }
}
