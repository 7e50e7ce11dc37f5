package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Warning Events on a mock API server, with a fake clock for the deduplication and the rate limits. */
class WorkloadEventsTest {

    private final KubernetesMockServer server = MockServers.crud();
    private final KubernetesClient client = MockServers.client(server);
    private final FakeClock clock = new FakeClock(Instant.parse("2024-11-23T19:26:40.250Z"));

    @AfterEach
    void close() {
        client.close();
        server.destroy();
    }

    private WorkloadEvents events(int perSecond) {
        return new WorkloadEvents(client, "replica-a", perSecond, clock, clock::nanoTime);
    }

    private static WorkloadResult workload(String name, String rule, String ruleName, String message) {
        return new WorkloadResult(
                "apps",
                "Deployment",
                "apps/v1",
                name,
                "uid-" + name,
                "enforce",
                List.of(new WorkloadResult.FindingResult(
                        rule,
                        ruleName,
                        "violation",
                        message,
                        "data",
                        "data",
                        "fast",
                        "nfs.csi.k8s.io",
                        List.of("app"))));
    }

    private List<Event> written() {
        return client.v1().events().inNamespace("apps").list().getItems();
    }

    @Test
    void aFindingBecomesOneWarningEventAndIsNotRepeatedWhileItPersists() {
        WorkloadEvents events = events(10);
        String longMessage = "WAL001 " + "x".repeat(3000);
        events.emit(Map.of("apps", List.of(workload("db", "WAL001", "network-filesystem", longMessage))));

        List<Event> written = written();
        assertThat(written).hasSize(1);
        Event e = written.get(0);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("NetworkFilesystem");
        assertThat(e.getReportingComponent()).isEqualTo("walguard");
        assertThat(e.getReportingInstance()).isEqualTo("replica-a");
        assertThat(e.getSource().getComponent()).isEqualTo("walguard");
        assertThat(e.getMetadata().getLabels()).isEqualTo(Map.of("app.kubernetes.io/managed-by", "walguard"));
        assertThat(e.getInvolvedObject().getName()).isEqualTo("db");
        assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-db");
        assertThat(e.getMessage()).hasSize(1024).startsWith("WAL001 xxx").endsWith("...");
        // The clock's time, to the second.
        assertThat(e.getFirstTimestamp()).isEqualTo("2024-11-23T19:26:40Z");
        assertThat(e.getLastTimestamp()).isEqualTo("2024-11-23T19:26:40Z");
        assertThat(e.getCount()).isEqualTo(1);

        // The same finding again (it persists): deduplicated, no second event.
        events.emit(Map.of("apps", List.of(workload("db", "WAL001", "network-filesystem", longMessage))));
        assertThat(written()).hasSize(1);
        // A second finding of the same workload within the minute: held back by the per-workload limit.
        events.emit(Map.of("apps", List.of(workload("db", "WAL003", "storage-unknown", "WAL003 other"))));
        assertThat(written()).hasSize(1);
    }

    @Test
    void aFindingHeldBackByThePerWorkloadLimitIsWrittenOnceTheMinuteIsOver() {
        WorkloadEvents events = events(10);
        events.emit(Map.of("apps", List.of(workload("db", "WAL001", "network-filesystem", "WAL001 m"))));
        Map<String, List<WorkloadResult>> other =
                Map.of("apps", List.of(workload("db", "WAL003", "storage-unknown", "WAL003 other")));

        clock.advance(Duration.ofSeconds(59));
        events.emit(other);
        assertThat(written()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        events.emit(other);
        assertThat(written())
                .extracting(Event::getReason)
                .containsExactlyInAnyOrder("NetworkFilesystem", "StorageUnknown");
    }

    @Test
    void aPersistingFindingIsWrittenAgainAfterAnHourAndOneThatComesBackAtOnce() {
        WorkloadEvents events = events(10);
        Map<String, List<WorkloadResult>> finding =
                Map.of("apps", List.of(workload("db", "WAL001", "network-filesystem", "WAL001 m")));
        events.emit(finding);

        clock.advance(Duration.ofMinutes(59));
        events.emit(finding);
        assertThat(written()).hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        events.emit(finding);
        assertThat(written()).hasSize(2);

        // Fixed, then back after the per-workload minute: a new Event although the hour is not over.
        clock.advance(Duration.ofMinutes(1));
        events.emit(Map.of(
                "apps",
                List.of(new WorkloadResult("apps", "Deployment", "apps/v1", "db", "uid-db", "enforce", List.of()))));
        events.emit(finding);
        assertThat(written()).hasSize(3);
    }

    @Test
    void aFlappingClusterIsCappedByTheOverallRate() {
        WorkloadEvents events = events(3);
        List<WorkloadResult> many = IntStream.range(0, 20)
                .mapToObj(i -> workload("w" + i, "WAL001", "network-filesystem", "WAL001 m" + i))
                .toList();
        events.emit(Map.of("apps", many));
        // A bucket of 3 tokens refilled at 3/s: the first 3 at once, then only what the elapsed time refilled.
        assertThat(written()).hasSize(3);

        events.emit(Map.of("apps", many));
        assertThat(written()).hasSize(3);
        clock.advance(Duration.ofMillis(700));
        events.emit(Map.of("apps", many));
        assertThat(written()).hasSize(5);
        // The bucket holds at most 3, however long the pause.
        clock.advance(Duration.ofMinutes(10));
        events.emit(Map.of("apps", many));
        assertThat(written()).hasSize(8);
    }

    @Test
    void reasonsAreCamelCaseRuleNamesAndMessagesAreCutAtACharacterBoundary() {
        assertThat(WorkloadEvents.reason("network-filesystem")).isEqualTo("NetworkFilesystem");
        assertThat(WorkloadEvents.reason("uid-unverifiable")).isEqualTo("UidUnverifiable");

        assertThat(WorkloadEvents.truncate("WAL001 short", 1024)).isEqualTo("WAL001 short");
        // 15 bytes ("é" is 2). The ellipsis takes 3, so 13 leaves room for 7 + 1.5 "é": one, never half of one.
        assertThat(WorkloadEvents.truncate("abcdefgéééé", 15)).isEqualTo("abcdefgéééé");
        assertThat(WorkloadEvents.truncate("abcdefgéééé", 14)).isEqualTo("abcdefgéé...");
        assertThat(WorkloadEvents.truncate("abcdefgéééé", 13)).isEqualTo("abcdefgé...");
    }
}
