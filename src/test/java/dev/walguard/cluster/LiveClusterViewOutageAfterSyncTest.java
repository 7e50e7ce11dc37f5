package dev.walguard.cluster;

import static dev.walguard.cluster.Fixtures.claim;
import static dev.walguard.cluster.Fixtures.deployment;
import static dev.walguard.cluster.Fixtures.namespace;
import static dev.walguard.cluster.Fixtures.review;
import static dev.walguard.cluster.Fixtures.storageClass;
import static dev.walguard.http.Webhook.admit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walguard.http.Management;
import dev.walguard.policy.ClusterView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The webhook on the live cluster view when the API server goes away after sync: the answers and readiness stay as
 * they were, and readiness says the server is unreachable. A class of its own because it stops the mock API server
 * that the application of {@link LiveClusterViewTest} shares between its tests.
 */
@QuarkusTest
@TestProfile(LiveClusterViewTest.Live.class)
@WithKubernetesTestServer(crud = true, setup = LiveClusterViewOutageAfterSyncTest.Seed.class)
class LiveClusterViewOutageAfterSyncTest {

    /** A claim on NFS and one on block storage, listed before the application starts. */
    public static class Seed implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient c = server.getClient();
            c.namespaces().resource(namespace("apps", Map.of())).create();
            c.storage()
                    .v1()
                    .storageClasses()
                    .resource(storageClass("fast", "nfs.csi.k8s.io"))
                    .create();
            c.persistentVolumeClaims()
                    .inNamespace("apps")
                    .resource(claim("apps", "data", "fast"))
                    .create();
            c.namespaces().resource(namespace("team", Map.of())).create();
            c.storage()
                    .v1()
                    .storageClasses()
                    .resource(storageClass("block", "ebs.csi.aws.com"))
                    .create();
            c.persistentVolumeClaims()
                    .inNamespace("team")
                    .resource(claim("team", "shared", "block"))
                    .create();
        }
    }

    private static final Duration BOUND = Duration.ofSeconds(10);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterView view;

    private static String findings(JsonPath r) {
        return r.getString("response.auditAnnotations.findings");
    }

    @Test
    void anOutageAfterSyncChangesNeitherAnswersNorReadiness() {
        await().atMost(BOUND)
                .untilAsserted(
                        () -> Management.given().get("/q/health/ready").then().statusCode(200));
        LiveClusterView live = (LiveClusterView) view;
        // The outage comes after sync with every watch running (ready only says that every kind is listed).
        await().atMost(BOUND).until(live::watching);
        String denied = review(deployment("apps", "db", "data", 1000));
        String allowed = review(deployment("team", "web", "shared", 1000));

        server.getKubernetesMockServer().shutdown();
        await().atMost(BOUND).until(() -> !live.reachable());
        assertThat(live.outages()).isEqualTo(1);
        for (int i = 0; i < 50; i++) {
            JsonPath d = admit(denied);
            assertThat(d.getBoolean("response.allowed")).isFalse();
            assertThat(findings(d)).isEqualTo("WAL001");
            JsonPath a = admit(allowed);
            assertThat(a.getBoolean("response.allowed")).isTrue();
            assertThat(findings(a)).isNull();
        }
        JsonPath health = Management.given()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'cluster-view' }.data.'api-server'"))
                .isEqualTo("unreachable");
        Management.given().get("/q/health/live").then().statusCode(200);
        assertThat(live.outages()).isEqualTo(1);
    }
}
