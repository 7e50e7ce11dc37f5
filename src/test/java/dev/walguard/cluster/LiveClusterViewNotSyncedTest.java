package dev.walguard.cluster;

import static dev.walguard.cluster.Fixtures.deployment;
import static dev.walguard.cluster.Fixtures.review;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walguard.http.Management;
import dev.walguard.policy.ClusterView;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An API server that refuses every list (here: the expectation-mode mock server, which answers 404 to anything not
 * expected; a missing RBAC rule gives 403 the same way). The caches never sync: readiness stays DOWN, the informers
 * keep retrying, a marked workload is refused as "not ready" rather than judged on empty caches, and what needs no
 * lookup is still answered.
 */
@QuarkusTest
@TestProfile(LiveClusterViewTest.Live.class)
@WithKubernetesTestServer(crud = false)
class LiveClusterViewNotSyncedTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterView view;

    @Test
    void markedWorkloadsAreRefusedUntilSyncedAndReadinessStaysDown() {
        LiveClusterView live = (LiveClusterView) view;
        await().atMost(Duration.ofSeconds(10)).until(() -> live.outages() == 1);
        int requests = server.getKubernetesMockServer().getRequestCount();
        // Retries go on (with back-off); without our exception handler fabric8 would have stopped after the first.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.getKubernetesMockServer().getRequestCount() > requests);
        assertThat(live.synced()).isFalse();
        assertThat(live.outages()).isEqualTo(1);

        JsonPath health = Management.given()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .extract()
                .jsonPath();
        assertThat(health.getString("status")).isEqualTo("DOWN");

        JsonPath refused = given().contentType(ContentType.JSON)
                .body(review(deployment("apps", "db", "data", 1000)))
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(refused.getBoolean("response.allowed")).isFalse();
        assertThat(refused.getInt("response.status.code")).isEqualTo(503);
        assertThat(refused.getString("response.status.reason")).isEqualTo("ServiceUnavailable");
        assertThat(refused.getString("response.status.message"))
                .contains("not finished loading the cluster state")
                .contains("Retry");

        Deployment unmarked = deployment("apps", "web", "data", 1000);
        unmarked.getMetadata().setAnnotations(Map.of());
        JsonPath allowed = given().contentType(ContentType.JSON)
                .body(review(unmarked))
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(allowed.getBoolean("response.allowed")).isTrue();
        assertThat(allowed.getString("response.status")).isNull();
    }
}
