package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher on a mock API server without the report CRDs, and the Event limits. */
class ReportPublisherTest {

    private final KubernetesMockServer server = MockServers.crud();
    private final KubernetesClient client = MockServers.client(server);

    @AfterEach
    void close() {
        client.close();
        server.destroy();
    }

    private static WorkloadResult workload(String name, String rule, String ruleName, String message) {
        return new WorkloadResult("apps", "Deployment", "apps/v1", name, "uid-" + name, "enforce",
                List.of(new WorkloadResult.FindingResult(rule, ruleName, "violation", message, "data", "data",
                        "fast", "nfs.csi.k8s.io", List.of("app"))));
    }

    @Test
    void withoutTheCrdsNoReportIsWrittenAndEventsStillAre() {
        ReportPublisher publisher = new ReportPublisher(client, "replica-a", 10);
        String longMessage = "WAL001 " + "x".repeat(3000);
        publisher.publish(Map.of("apps", List.of(workload("db", "WAL001", "network-filesystem", longMessage))));

        assertThat(publisher.kinds()).isEmpty();
        List<Event> events = client.v1().events().inNamespace("apps").list().getItems();
        assertThat(events).hasSize(1);
        Event e = events.get(0);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("NetworkFilesystem");
        assertThat(e.getReportingComponent()).isEqualTo("walguard");
        assertThat(e.getSource().getComponent()).isEqualTo("walguard");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("db");
        assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-db");
        assertThat(e.getMessage()).hasSize(1024).startsWith("WAL001 xxx").endsWith("...");

        // The same finding again (it persists): deduplicated, no second event.
        publisher.publish(Map.of("apps", List.of(workload("db", "WAL001", "network-filesystem", longMessage))));
        assertThat(client.v1().events().inNamespace("apps").list().getItems()).hasSize(1);
        // A second finding of the same workload within the minute: held back by the per-workload limit.
        publisher.publish(Map.of("apps", List.of(workload("db", "WAL003", "storage-unknown", "WAL003 other"))));
        assertThat(client.v1().events().inNamespace("apps").list().getItems()).hasSize(1);
    }

    @Test
    void aFlappingClusterIsCappedByTheOverallRate() {
        ReportPublisher publisher = new ReportPublisher(client, "replica-a", 3);
        List<WorkloadResult> many = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> workload("w" + i, "WAL001", "network-filesystem", "WAL001 m" + i)).toList();
        long start = System.nanoTime();
        publisher.publish(Map.of("apps", many));
        double seconds = (System.nanoTime() - start) / 1e9;
        // A bucket of 3 tokens refilled at 3/s: the first 3 at once, then only what the elapsed time refilled.
        assertThat(client.v1().events().inNamespace("apps").list().getItems())
                .hasSizeBetween(3, 3 + (int) Math.floor(3 * seconds));
    }

    @Test
    void theReportOfANamespaceCarriesOneResultPerFindingAndOnePassPerCleanWorkload() {
        GenericKubernetesResource r = ReportPublisher.report(ReportPublisher.OPEN_REPORT, "apps", List.of(
                workload("db", "WAL001", "network-filesystem", "WAL001 m"),
                new WorkloadResult("apps", "StatefulSet", "apps/v1", "clean", "u2", "audit", List.of())),
                java.time.Instant.ofEpochSecond(1_700_000_000));
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
