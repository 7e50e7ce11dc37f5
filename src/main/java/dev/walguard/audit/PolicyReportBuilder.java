package dev.walguard.audit;

import dev.walguard.policy.RuleExceptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one namespace's report in the wg-policy format, shared by the PolicyReport and the OpenReports
 * {@code Report}: one {@code fail} (severity high) per violation, one {@code warn} (medium) per warning, one
 * {@code skip} per finding the workload ignores ({@code walguard.dev/ignore}; the severity its rule gave it, the
 * reason in the message and in property {@code ignoreReason}), and one {@code pass} (rule {@code sqlite-wal}) per
 * workload without findings. Pure: no I/O, the time is a parameter.
 */
final class PolicyReportBuilder {

    private static final String PASS_RULE = "sqlite-wal";

    private PolicyReportBuilder() {}

    /** The report object of one namespace, named and labelled as walguard's. */
    static GenericKubernetesResource build(
            ReportKind kind, String namespace, List<WorkloadResult> workloads, Instant now) {
        Map<String, Object> timestamp = Map.of("seconds", now.getEpochSecond(), "nanos", 0);
        List<Object> results = new ArrayList<>();
        int pass = 0;
        int fail = 0;
        int warn = 0;
        int skip = 0;
        for (WorkloadResult w : workloads) {
            List<Object> resources = List.of(resource(w));
            if (w.findings().isEmpty()) {
                pass++;
                results.add(result(
                        PASS_RULE,
                        "pass",
                        null,
                        "No SQLite WAL findings for " + w.kind() + " " + w.namespace() + "/" + w.name() + ".",
                        resources,
                        timestamp,
                        workloadProperties(w)));
                continue;
            }
            for (WorkloadResult.FindingResult f : w.findings()) {
                boolean violation = "violation".equals(f.severity());
                String result;
                if (f.ignored()) {
                    skip++;
                    result = "skip";
                } else if (violation) {
                    fail++;
                    result = "fail";
                } else {
                    warn++;
                    result = "warn";
                }
                results.add(result(
                        f.rule(),
                        result,
                        violation ? "high" : "medium",
                        f.ignored()
                                ? f.message() + " Ignored (" + RuleExceptions.IGNORE + "): " + f.ignoreReason()
                                : f.message(),
                        resources,
                        timestamp,
                        properties(w, f)));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pass", pass);
        summary.put("fail", fail);
        summary.put("warn", warn);
        summary.put("error", 0);
        summary.put("skip", skip);
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(kind.apiVersion());
        r.setKind(kind.kind());
        r.setMetadata(new ObjectMetaBuilder()
                .withName(ManagedBy.WALGUARD)
                .withNamespace(namespace)
                .withLabels(ManagedBy.labels())
                .build());
        r.setAdditionalProperty("summary", summary);
        r.setAdditionalProperty("results", results);
        return r;
    }

    /** What every result of the workload carries: its namespace's mode, and the apps it was detected as. */
    private static Map<String, String> workloadProperties(WorkloadResult w) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mode", w.mode());
        putIf(properties, "detected", w.detected());
        return properties;
    }

    private static Map<String, String> properties(WorkloadResult w, WorkloadResult.FindingResult f) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ruleName", f.ruleName());
        properties.putAll(workloadProperties(w));
        putIf(properties, "volume", f.volume());
        putIf(properties, "claim", f.claim());
        putIf(properties, "storageClass", f.storageClass());
        putIf(properties, "driver", f.driver());
        if (!f.containers().isEmpty()) {
            properties.put("containers", String.join(",", f.containers()));
        }
        putIf(properties, "ignoreReason", f.ignoreReason());
        return properties;
    }

    private static Map<String, Object> result(
            String rule,
            String result,
            String severity,
            String message,
            List<Object> resources,
            Map<String, Object> timestamp,
            Map<String, String> properties) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("policy", ManagedBy.WALGUARD);
        r.put("rule", rule);
        r.put("result", result);
        if (severity != null) {
            r.put("severity", severity);
        }
        r.put("message", message);
        r.put("source", ManagedBy.WALGUARD);
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
}
