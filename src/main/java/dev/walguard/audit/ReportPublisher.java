package dev.walguard.audit;

import dev.walguard.policy.ErrorText;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes the audit's results to the API server (leader only, live mode only): one PolicyReport
 * ({@code wgpolicyk8s.io/v1alpha2}) and, when its CRD is installed, one OpenReports {@code Report}
 * ({@code openreports.io/v1alpha1}) named {@code walguard} per namespace with marked workloads, replaced when its
 * results change and deleted when the namespace has none left; and Warning Events for findings (core/v1), through
 * an {@link EventLimiter}. Each CRD is looked up once, at the first publish; if absent or forbidden the kind is
 * skipped with one INFO line. Only the audit thread calls it.
 */
final class ReportPublisher {

    private static final Logger LOG = Logger.getLogger(ReportPublisher.class);

    static final String NAME = "walguard";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final int MESSAGE_BYTES = 1024;

    /** A report kind: its CRD name and how to address it without discovery. */
    record ReportKind(String crd, String apiVersion, ResourceDefinitionContext context) {
        static ReportKind of(String group, String version, String kind, String plural) {
            return new ReportKind(plural + "." + group, group + "/" + version, new ResourceDefinitionContext.Builder()
                    .withGroup(group).withVersion(version).withKind(kind).withPlural(plural).withNamespaced(true)
                    .build());
        }
    }

    static final ReportKind POLICY_REPORT = ReportKind.of("wgpolicyk8s.io", "v1alpha2", "PolicyReport",
            "policyreports");
    static final ReportKind OPEN_REPORT = ReportKind.of("openreports.io", "v1alpha1", "Report", "reports");

    private final KubernetesClient client;
    private final String identity;
    private final EventLimiter limiter;
    private final AtomicLong eventSeq = new AtomicLong();
    private List<ReportKind> kinds;
    /** Per kind, namespace → the results last written (without timestamps). */
    private final Map<ReportKind, Map<String, Object>> written = new HashMap<>();
    private boolean swept;

    ReportPublisher(KubernetesClient client, String identity, int eventsPerSecond) {
        this.client = client;
        this.identity = identity;
        this.limiter = new EventLimiter(eventsPerSecond, Duration.ofHours(1), Duration.ofMinutes(1),
                System.nanoTime());
    }

    /** Report kinds whose CRD is installed and readable (looked up once). */
    List<ReportKind> kinds() {
        if (kinds == null) {
            List<ReportKind> found = new ArrayList<>();
            for (ReportKind k : List.of(POLICY_REPORT, OPEN_REPORT)) {
                if (installed(k)) {
                    found.add(k);
                }
            }
            kinds = List.copyOf(found);
        }
        return kinds;
    }

    private boolean installed(ReportKind k) {
        try {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                    .withName(k.crd()).get();
            if (crd == null) {
                LOG.infof("CRD %s is not installed: no %s objects are written", k.crd(), k.context().getKind());
                return false;
            }
            boolean served = crd.getSpec() == null || crd.getSpec().getVersions() == null
                    || crd.getSpec().getVersions().stream().anyMatch(v -> k.context().getVersion().equals(v.getName())
                            && !Boolean.FALSE.equals(v.getServed()));
            if (!served) {
                LOG.infof("CRD %s does not serve %s: no %s objects are written", k.crd(), k.apiVersion(),
                        k.context().getKind());
            }
            return served;
        } catch (KubernetesClientException e) {
            LOG.infof("Cannot read CRD %s (HTTP %d): no %s objects are written; see docs/rbac.md", k.crd(),
                    e.getCode(), k.context().getKind());
            return false;
        }
    }

    /** Forgets what was written (a new leader term re-writes everything and sweeps stale reports again). */
    void reset() {
        written.clear();
        swept = false;
    }

    /**
     * Brings reports and events in line with the results.
     *
     * @param results    every namespace's results (namespaces absent have no reported workload)
     */
    void publish(Map<String, List<WorkloadResult>> results) {
        for (ReportKind k : kinds()) {
            publishReports(k, results);
        }
        emitEvents(results);
    }

    private void publishReports(ReportKind k, Map<String, List<WorkloadResult>> results) {
        Map<String, Object> done = written.computeIfAbsent(k, x -> new HashMap<>());
        if (!swept) {
            try {
                for (GenericKubernetesResource r : client.genericKubernetesResources(k.context()).inAnyNamespace()
                        .withLabel(MANAGED_BY, NAME).list().getItems()) {
                    String ns = r.getMetadata().getNamespace();
                    if (!results.containsKey(ns)) {
                        done.put(ns, "stale");
                    }
                }
            } catch (KubernetesClientException e) {
                LOG.warnf("Cannot list %s objects (HTTP %d %s); retrying later", k.context().getKind(), e.getCode(),
                        ErrorText.firstLine(e.getMessage(), ""));
                return;
            }
        }
        for (Map.Entry<String, List<WorkloadResult>> e : results.entrySet()) {
            Object content = content(e.getValue());
            if (content.equals(done.get(e.getKey()))) {
                continue;
            }
            try {
                write(k, e.getKey(), e.getValue());
                done.put(e.getKey(), content);
            } catch (KubernetesClientException ex) {
                LOG.warnf("Cannot write %s %s/%s (HTTP %d %s); retrying on the next change", k.context().getKind(),
                        e.getKey(), NAME, ex.getCode(), ErrorText.firstLine(ex.getMessage(), ""));
            }
        }
        for (String ns : new ArrayList<>(done.keySet())) {
            if (!results.containsKey(ns)) {
                try {
                    client.genericKubernetesResources(k.context()).inNamespace(ns).withName(NAME).delete();
                    done.remove(ns);
                } catch (KubernetesClientException ex) {
                    LOG.warnf("Cannot delete %s %s/%s (HTTP %d)", k.context().getKind(), ns, NAME, ex.getCode());
                }
            }
        }
        swept = true;
    }

    /** What decides whether a report must be rewritten: the results without timestamps. */
    private static Object content(List<WorkloadResult> workloads) {
        return List.copyOf(workloads);
    }

    private void write(ReportKind k, String namespace, List<WorkloadResult> workloads) {
        GenericKubernetesResource report = report(k, namespace, workloads, Instant.now());
        var ops = client.genericKubernetesResources(k.context()).inNamespace(namespace);
        GenericKubernetesResource existing = ops.withName(NAME).get();
        if (existing == null) {
            ops.resource(report).create();
        } else {
            report.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            ops.resource(report).update();
        }
    }

    /** The report object of one namespace. */
    static GenericKubernetesResource report(ReportKind k, String namespace, List<WorkloadResult> workloads,
            Instant now) {
        Map<String, Object> timestamp = Map.of("seconds", now.getEpochSecond(), "nanos", 0);
        List<Object> results = new ArrayList<>();
        int pass = 0;
        int fail = 0;
        int warn = 0;
        for (WorkloadResult w : workloads) {
            List<Object> resources = List.of(resource(w));
            if (w.findings().isEmpty()) {
                pass++;
                results.add(result("sqlite-wal", "pass", null, "No SQLite WAL findings for " + w.kind() + " "
                        + w.namespace() + "/" + w.name() + ".", resources, timestamp, Map.of("mode", w.mode())));
                continue;
            }
            for (WorkloadResult.FindingResult f : w.findings()) {
                boolean violation = "violation".equals(f.severity());
                if (violation) {
                    fail++;
                } else {
                    warn++;
                }
                Map<String, String> properties = new LinkedHashMap<>();
                properties.put("ruleName", f.ruleName());
                properties.put("mode", w.mode());
                putIf(properties, "volume", f.volume());
                putIf(properties, "claim", f.claim());
                putIf(properties, "storageClass", f.storageClass());
                putIf(properties, "driver", f.driver());
                if (!f.containers().isEmpty()) {
                    properties.put("containers", String.join(",", f.containers()));
                }
                results.add(result(f.rule(), violation ? "fail" : "warn", violation ? "high" : "medium",
                        f.message(), resources, timestamp, properties));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pass", pass);
        summary.put("fail", fail);
        summary.put("warn", warn);
        summary.put("error", 0);
        summary.put("skip", 0);
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(k.apiVersion());
        r.setKind(k.context().getKind());
        r.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(namespace)
                .withLabels(Map.of(MANAGED_BY, NAME)).build());
        r.setAdditionalProperty("summary", summary);
        r.setAdditionalProperty("results", results);
        return r;
    }

    private static Map<String, Object> result(String rule, String result, String severity, String message,
            List<Object> resources, Map<String, Object> timestamp, Map<String, String> properties) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("policy", NAME);
        r.put("rule", rule);
        r.put("result", result);
        if (severity != null) {
            r.put("severity", severity);
        }
        r.put("message", message);
        r.put("source", NAME);
        r.put("scored", true);
        r.put("timestamp", timestamp);
        r.put("resources", resources);
        r.put("properties", properties);
        return r;
    }

    private static Map<String, Object> resource(WorkloadResult w) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("apiVersion", w.apiVersion());
        ref.put("kind", w.kind());
        ref.put("namespace", w.namespace());
        ref.put("name", w.name());
        if (w.uid() != null) {
            ref.put("uid", w.uid());
        }
        return ref;
    }

    private static void putIf(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    // --- events ---

    private void emitEvents(Map<String, List<WorkloadResult>> results) {
        long now = System.nanoTime();
        Set<String> current = new HashSet<>();
        for (List<WorkloadResult> workloads : results.values()) {
            for (WorkloadResult w : workloads) {
                for (WorkloadResult.FindingResult f : w.findings()) {
                    String findingKey = w.key() + "|" + f.rule() + "|" + f.message();
                    current.add(findingKey);
                    if (!limiter.tryAcquire(w.key(), findingKey, now)) {
                        continue;
                    }
                    try {
                        event(w, f);
                    } catch (KubernetesClientException e) {
                        LOG.warnf("Cannot write an Event for %s (HTTP %d %s)", w.key(), e.getCode(),
                                ErrorText.firstLine(e.getMessage(), ""));
                    }
                }
            }
        }
        limiter.retain(current, now);
    }

    private void event(WorkloadResult w, WorkloadResult.FindingResult f) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String name = w.name() + "." + Long.toHexString(System.currentTimeMillis() * 1000 + eventSeq.incrementAndGet()
                % 1000);
        ObjectReference involved = new ObjectReferenceBuilder().withApiVersion(w.apiVersion()).withKind(w.kind())
                .withNamespace(w.namespace()).withName(w.name()).withUid(w.uid()).build();
        client.v1().events().inNamespace(w.namespace()).resource(new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(w.namespace())
                .withLabels(Map.of(MANAGED_BY, NAME)).endMetadata()
                .withType("Warning")
                .withReason(reason(f.ruleName()))
                .withMessage(truncate(f.message(), MESSAGE_BYTES))
                .withInvolvedObject(involved)
                .withNewSource().withComponent(NAME).endSource()
                .withReportingComponent(NAME)
                .withReportingInstance(identity)
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(1)
                .build()).create();
    }

    /** {@code network-filesystem} → {@code NetworkFilesystem}. */
    static String reason(String ruleName) {
        StringBuilder b = new StringBuilder();
        for (String part : ruleName.split("-")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** At most {@code maxBytes} of UTF-8, cut at a character boundary, ending in "..." when cut. */
    static String truncate(String message, int maxBytes) {
        Objects.requireNonNull(message);
        if (message.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return message;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 3;
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return b.append("...").toString();
    }

}
