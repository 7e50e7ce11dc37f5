package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writing the per-namespace reports to a mock API server, with and without the report CRDs. */
class ReportWriterTest {

    private final KubernetesMockServer server = MockServers.crud();
    private final KubernetesClient client = MockServers.client(server);
    private final FakeClock clock = new FakeClock(Instant.ofEpochSecond(1_700_000_000));

    @AfterEach
    void close() {
        client.close();
        server.destroy();
    }

    private static WorkloadResult failing(String namespace, String name) {
        return new WorkloadResult(
                namespace,
                "Deployment",
                "apps/v1",
                name,
                "uid-" + name,
                "enforce",
                List.of(new WorkloadResult.FindingResult(
                        "WAL001",
                        "network-filesystem",
                        "violation",
                        "WAL001 m",
                        "data",
                        "data",
                        "fast",
                        "nfs.csi.k8s.io",
                        List.of("app"))));
    }

    private static WorkloadResult clean(String namespace, String name) {
        return new WorkloadResult(namespace, "Deployment", "apps/v1", name, "uid-" + name, "enforce", List.of());
    }

    private GenericKubernetesResource report(String namespace) {
        return client.genericKubernetesResources(ReportKind.POLICY_REPORT.context())
                .inNamespace(namespace)
                .withName("walguard")
                .get();
    }

    @Test
    void withoutTheCrdsNoReportIsWritten() {
        ReportWriter writer = new ReportWriter(client, clock);
        writer.write(Map.of("apps", List.of(failing("apps", "db"))));

        assertThat(writer.kinds()).isEmpty();
    }

    @Test
    void aReportIsCreatedReplacedOnlyWhenItsResultsChangeAndDeletedWhenItsNamespaceHasNone() {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(MockServers.policyReportCrd())
                .create();
        ReportWriter writer = new ReportWriter(client, clock);

        writer.write(Map.of("apps", List.of(failing("apps", "db"))));
        assertThat(writer.kinds()).containsExactly(ReportKind.POLICY_REPORT);
        GenericKubernetesResource first = report("apps");
        assertThat(first)
                .isEqualTo(withServerMetadata(
                        PolicyReportBuilder.build(
                                ReportKind.POLICY_REPORT, "apps", List.of(failing("apps", "db")), clock.instant()),
                        first));

        // The same results later: not rewritten (the timestamp would be the only change).
        clock.advance(Duration.ofMinutes(5));
        writer.write(Map.of("apps", List.of(failing("apps", "db"))));
        assertThat(report("apps").getMetadata().getResourceVersion())
                .isEqualTo(first.getMetadata().getResourceVersion());

        // Fixed: replaced, with the new time.
        writer.write(Map.of("apps", List.of(clean("apps", "db"))));
        GenericKubernetesResource second = report("apps");
        assertThat(second.getMetadata().getResourceVersion())
                .isNotEqualTo(first.getMetadata().getResourceVersion());
        assertThat(second.<List<Map<String, Object>>>get("results"))
                .singleElement()
                .satisfies(r -> assertThat(r)
                        .containsEntry("result", "pass")
                        .containsEntry("timestamp", Map.of("seconds", 1_700_000_300, "nanos", 0)));

        // The namespace has no marked workload left.
        writer.write(Map.of());
        assertThat(report("apps")).isNull();
    }

    @Test
    void theFirstWriteSweepsReportsLeftInNamespacesWithoutResultsAndResetStartsAgain() {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(MockServers.policyReportCrd())
                .create();
        // Written by an earlier leader, for a namespace that has no marked workload any more.
        client.genericKubernetesResources(ReportKind.POLICY_REPORT.context())
                .inNamespace("old")
                .resource(PolicyReportBuilder.build(
                        ReportKind.POLICY_REPORT, "old", List.of(clean("old", "gone")), clock.instant()))
                .create();
        ReportWriter writer = new ReportWriter(client, clock);

        writer.write(Map.of("apps", List.of(failing("apps", "db"))));
        assertThat(report("old")).isNull();
        assertThat(report("apps")).isNotNull();

        // Another leader deleted it meanwhile: only a new term (reset) writes it again.
        client.genericKubernetesResources(ReportKind.POLICY_REPORT.context())
                .inNamespace("apps")
                .withName("walguard")
                .delete();
        writer.write(Map.of("apps", List.of(failing("apps", "db"))));
        assertThat(report("apps")).isNull();
        writer.reset();
        writer.write(Map.of("apps", List.of(failing("apps", "db"))));
        assertThat(report("apps")).isNotNull();
    }

    @Test
    void withBothCrdsTheFirstWriteSweepsStaleReportsOfEachKind() {
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(MockServers.policyReportCrd())
                .create();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(MockServers.openReportCrd())
                .create();
        for (ReportKind k : ReportKind.ALL) {
            client.genericKubernetesResources(k.context())
                    .inNamespace("old")
                    .resource(PolicyReportBuilder.build(k, "old", List.of(clean("old", "gone")), clock.instant()))
                    .create();
        }
        ReportWriter writer = new ReportWriter(client, clock);

        writer.write(Map.of("apps", List.of(failing("apps", "db"))));

        assertThat(writer.kinds()).containsExactly(ReportKind.POLICY_REPORT, ReportKind.OPEN_REPORT);
        for (ReportKind k : ReportKind.ALL) {
            assertThat(client.genericKubernetesResources(k.context())
                            .inNamespace("old")
                            .withName("walguard")
                            .get())
                    .as("stale %s in namespace old", k.kind())
                    .isNull();
            assertThat(client.genericKubernetesResources(k.context())
                            .inNamespace("apps")
                            .withName("walguard")
                            .get())
                    .as("%s in namespace apps", k.kind())
                    .isNotNull();
        }
    }

    /**
     * The built report as the server returns it: through JSON (so numbers are read back as the server's are), with
     * the metadata only the server sets (resource version, uid, creation time).
     */
    private static GenericKubernetesResource withServerMetadata(
            GenericKubernetesResource built, GenericKubernetesResource stored) {
        GenericKubernetesResource r =
                Serialization.unmarshal(Serialization.asJson(built), GenericKubernetesResource.class);
        r.setMetadata(stored.getMetadata());
        return r;
    }
}
