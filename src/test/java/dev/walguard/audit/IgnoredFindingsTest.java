package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.PolicySettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A finding a workload ignores with {@code walguard.dev/ignore} through the background audit: kept in the results
 * with its reason, a {@code skip} in the reports, counted in {@code walguard_ignored_findings} only, and no Event.
 * Fixture IgnoredFindingsTest/cluster.yaml: Deployment media/sonarr on an NFS class (WAL001, in effect: a
 * violation, which {@code walguard.exceptions=warnings} keeps) whose exporter mounts the volume read-only (WAL004,
 * ignored).
 */
class IgnoredFindingsTest {

    private static final String REASON = "exportarr reads the API only; it never opens sonarr.db";

    private final KubernetesMockServer server = MockServers.crud();
    private final KubernetesClient client = MockServers.client(server);

    @AfterEach
    void close() {
        client.close();
        server.destroy();
    }

    private static Map<String, List<WorkloadResult>> results() {
        List<HasMetadata> objects = new ManifestReader()
                .read(Path.of("src/test/resources/dev/walguard/audit/IgnoredFindingsTest/cluster.yaml")).stream()
                        .map(ManifestReader.Manifest::object)
                        .toList();
        SnapshotClusterView view = new SnapshotClusterView(objects);
        return new AuditEvaluator(new AdmissionPolicy(PolicySettings.defaults()))
                .evaluate(view.workloads(), null, view);
    }

    @Test
    void theAuditKeepsTheIgnoredFindingWithItsReason() {
        assertThat(results().get("media"))
                .singleElement()
                .satisfies(w -> assertThat(w.findings())
                        .extracting(
                                WorkloadResult.FindingResult::rule,
                                WorkloadResult.FindingResult::severity,
                                WorkloadResult.FindingResult::ignoreReason)
                        .containsExactly(tuple("WAL001", "violation", null), tuple("WAL004", "warning", REASON)));
    }

    @Test
    void theReportOfTheNamespaceHasAFailAndASkipWithTheReason() {
        GenericKubernetesResource r = PolicyReportBuilder.build(
                ReportKind.POLICY_REPORT, "media", results().get("media"), Instant.EPOCH);

        assertThat(r.<Map<String, Object>>get("summary"))
                .isEqualTo(Map.of("pass", 0, "fail", 1, "warn", 0, "error", 0, "skip", 1));
        List<Map<String, Object>> results = r.get("results");
        assertThat(results)
                .extracting(m -> m.get("rule"), m -> m.get("result"), m -> m.get("severity"))
                .containsExactly(tuple("WAL001", "fail", "high"), tuple("WAL004", "skip", "medium"));
        assertThat((String) results.get(1).get("message"))
                .startsWith("WAL004 ")
                .endsWith(" Ignored (walguard.dev/ignore): " + REASON);
        assertThat(results.get(1).get("properties"))
                .isEqualTo(Map.of(
                        "ruleName",
                        "read-only-access",
                        "mode",
                        "enforce",
                        "volume",
                        "config",
                        "claim",
                        "sonarr-config",
                        "storageClass",
                        "nfs-client",
                        "driver",
                        "nfs.csi.k8s.io",
                        "containers",
                        "exportarr",
                        "ignoreReason",
                        REASON));
        assertThat(results.get(0).get("properties"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .doesNotContainKey("ignoreReason");
    }

    @Test
    void metricsCountTheIgnoredFindingApartFromTheFindingsInEffect() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditMetrics metrics = new AuditMetrics(registry, () -> true, () -> dev.walguard.policy.NodeObservations.NONE);

        metrics.update(results());

        assertThat(registry.find("walguard.findings").gauges())
                .extracting(g -> g.getId().getTag("rule") + " " + g.getId().getTag("severity") + " " + g.value())
                .containsExactly("WAL001 violation 1.0");
        assertThat(registry.find("walguard.ignored.findings").gauges())
                .extracting(g -> g.getId().getTag("namespace") + " " + g.getId().getTag("rule") + " "
                        + g.getId().getTag("severity") + " " + g.value())
                .containsExactly("media WAL004 warning 1.0");

        // The ignore removed: the series moves from one metric to the other.
        metrics.update(Map.of());
        assertThat(registry.find("walguard.ignored.findings").gauges()).isEmpty();
        assertThat(registry.find("walguard.findings").gauges())
                .extracting(Gauge::value)
                .isEmpty();
    }

    @Test
    void onlyTheFindingInEffectBecomesAnEvent() {
        FakeClock clock = new FakeClock(Instant.parse("2026-11-30T12:00:00Z"));
        new WorkloadEvents(client, "replica-a", 10, clock, clock::nanoTime).emit(results());

        assertThat(client.v1().events().inNamespace("media").list().getItems())
                .extracting(Event::getReason)
                .containsExactly("NetworkFilesystem");
    }

    @Test
    void theReportJsonNamesTheReasonOnlyOnTheIgnoredFinding() throws Exception {
        String json = new ObjectMapper()
                .writeValueAsString(results().get("media").get(0).findings());

        assertThat(json).containsOnlyOnce("\"ignoreReason\":\"" + REASON + "\"");
    }
}
