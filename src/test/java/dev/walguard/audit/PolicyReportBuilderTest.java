package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report content, built without an API server. */
class PolicyReportBuilderTest {

    private static WorkloadResult workload(String name, String rule, String ruleName, String message) {
        return new WorkloadResult("apps", "Deployment", "apps/v1", name, "uid-" + name, "enforce",
                List.of(new WorkloadResult.FindingResult(rule, ruleName, "violation", message, "data", "data",
                        "fast", "nfs.csi.k8s.io", List.of("app"))));
    }

    @Test
    void theReportOfANamespaceCarriesOneResultPerFindingAndOnePassPerCleanWorkload() {
        GenericKubernetesResource r = PolicyReportBuilder.build(ReportKind.OPEN_REPORT, "apps", List.of(
                workload("db", "WAL001", "network-filesystem", "WAL001 m"),
                new WorkloadResult("apps", "StatefulSet", "apps/v1", "clean", "u2", "audit", List.of())),
                Instant.ofEpochSecond(1_700_000_000));
        assertThat(r.getApiVersion()).isEqualTo("openreports.io/v1alpha1");
        assertThat(r.getKind()).isEqualTo("Report");
        assertThat(r.getMetadata().getName()).isEqualTo("walguard");
        assertThat(r.<Map<String, Object>>get("summary"))
                .isEqualTo(Map.of("pass", 1, "fail", 1, "warn", 0, "error", 0, "skip", 0));
        List<Map<String, Object>> results = r.get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).containsEntry("rule", "WAL001").containsEntry("result", "fail")
                .containsEntry("severity", "high").containsEntry("message", "WAL001 m")
                .containsEntry("timestamp", Map.of("seconds", 1_700_000_000L, "nanos", 0))
                .containsEntry("resources", List.of(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                        "namespace", "apps", "name", "db", "uid", "uid-db")));
        assertThat(results.get(1)).containsEntry("result", "pass").doesNotContainKey("severity");
    }
}
