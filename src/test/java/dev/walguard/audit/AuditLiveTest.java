package dev.walguard.audit;

import static dev.walguard.cluster.Fixtures.claim;
import static dev.walguard.cluster.Fixtures.deployment;
import static dev.walguard.cluster.Fixtures.namespace;
import static dev.walguard.cluster.Fixtures.review;
import static dev.walguard.cluster.Fixtures.storageClass;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walguard.http.Management;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The background audit on the live view against the fabric8 CRUD mock API server, with the PolicyReport CRD
 * installed and the OpenReports one absent: a marked Deployment admitted while its StorageClass was block-backed
 * gets WAL001 in its namespace's PolicyReport, in {@code walguard_findings} and as an Event once the class turns
 * network-backed; turning it back clears the report to pass and the metric, and writes no further Event.
 */
@QuarkusTest
@TestProfile(AuditLiveTest.Live.class)
@WithKubernetesTestServer(crud = true, setup = AuditLiveTest.Seed.class)
class AuditLiveTest {

    public static class Live implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "walguard.cluster-state",
                    "",
                    "%test.walguard.cluster-state",
                    "",
                    "walguard.audit.lease-namespace",
                    "walguard");
        }
    }

    public static class Seed implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient c = server.getClient();
            c.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(MockServers.policyReportCrd())
                    .create();
            c.namespaces().resource(namespace("apps", Map.of())).create();
            c.namespaces().resource(namespace("walguard", Map.of())).create();
            c.storage()
                    .v1()
                    .storageClasses()
                    .resource(storageClass("fast", "ebs.csi.aws.com"))
                    .create();
            c.persistentVolumeClaims()
                    .inNamespace("apps")
                    .resource(claim("apps", "data", "fast"))
                    .create();
        }
    }

    private static final Duration BOUND = Duration.ofSeconds(20);

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void aStorageClassTurningNetworkBackedIsReportedAndClearedWhenFixed() {
        KubernetesClient c = server.getClient();
        await().atMost(BOUND)
                .untilAsserted(
                        () -> Management.given().get("/q/health/ready").then().statusCode(200));
        Deployment db = deployment("apps", "db", "data", 1000);
        assertThat(given().contentType(ContentType.JSON)
                        .body(review(db))
                        .post("/validate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getBoolean("response.allowed"))
                .isTrue();
        c.apps().deployments().inNamespace("apps").resource(db).create();
        // The only replica: it takes the Lease.
        await().atMost(BOUND).until(() -> leaseHolder(c) != null);

        // Admitted on block storage: one pass result.
        await().atMost(BOUND).untilAsserted(() -> {
            GenericKubernetesResource report = MockServers.policyReport(c, "apps");
            assertThat(report).isNotNull();
            assertThat(report.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "walguard");
            assertThat(MockServers.results(report)).containsExactly("pass sqlite-wal Deployment/db");
            assertThat(report.<Map<String, Object>>get("summary"))
                    .isEqualTo(Map.of("pass", 1, "fail", 0, "warn", 0, "error", 0, "skip", 0));
        });
        assertThat(events(c)).isEmpty();
        assertThat(findingsMetric()).isEmpty();

        // The class turns network-backed (the mock allows an in-place update; a real cluster would re-create it).
        c.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("fast", "nfs.csi.k8s.io"))
                .update();
        await().atMost(BOUND).untilAsserted(() -> {
            GenericKubernetesResource report = MockServers.policyReport(c, "apps");
            assertThat(MockServers.results(report)).containsExactly("fail WAL001 Deployment/db");
            Map<String, Object> result =
                    report.<List<Map<String, Object>>>get("results").get(0);
            assertThat(result)
                    .containsEntry("policy", "walguard")
                    .containsEntry("severity", "high")
                    .containsEntry("source", "walguard");
            assertThat((String) result.get("message"))
                    .startsWith("WAL001 Deployment apps/db container app cannot "
                            + "keep a SQLite WAL database on volume \"data\" (claim data, StorageClass fast, driver "
                            + "nfs.csi.k8s.io)");
            assertThat(report.<Map<String, Object>>get("summary"))
                    .isEqualTo(Map.of("pass", 0, "fail", 1, "warn", 0, "error", 0, "skip", 0));
            assertThat(findingsMetric())
                    .containsExactly(
                            "walguard_findings{namespace=\"apps\",rule=\"WAL001\",severity=\"violation\"} 1.0");
            assertThat(events(c)).hasSize(1);
        });
        Event event = events(c).get(0);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("NetworkFilesystem");
        assertThat(event.getReportingComponent()).isEqualTo("walguard");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("db");
        assertThat(event.getInvolvedObject().getNamespace()).isEqualTo("apps");
        assertThat(event.getMessage()).startsWith("WAL001 Deployment apps/db ");
        assertThat(event.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(1024);

        // Fixed: back to a block driver.
        c.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("fast", "ebs.csi.aws.com"))
                .update();
        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(MockServers.results(MockServers.policyReport(c, "apps")))
                    .containsExactly("pass sqlite-wal Deployment/db");
            assertThat(findingsMetric()).isEmpty();
        });
        // Several more ticks (debounce 1 s): still exactly the one event from before, all along.
        await().during(Duration.ofSeconds(3))
                .atMost(BOUND)
                .untilAsserted(() -> assertThat(events(c)).hasSize(1));

        // The OpenReports CRD is absent: no Report objects, nothing failed.
        assertThat(c.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("reports.openreports.io")
                        .get())
                .isNull();
    }

    private static String leaseHolder(KubernetesClient c) {
        Lease lease =
                c.leases().inNamespace("walguard").withName(LeaderGate.LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static List<Event> events(KubernetesClient c) {
        return c.v1().events().inNamespace("apps").list().getItems();
    }

    private static List<String> findingsMetric() {
        return Management.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("walguard_findings{"))
                .toList();
    }
}
