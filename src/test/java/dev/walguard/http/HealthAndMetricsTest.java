package dev.walguard.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readyOnceTheOfflineClusterViewIsLoaded() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("cluster-view"));
    }

    @Test
    void live() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void admissionsAreCountedByKindOperationDecisionAndMode() throws IOException {
        ValidateResourceTest.post(Files.readAllBytes(ValidateResourceTest.EXAMPLES.resolve("deny-sonarr-nfs.json")))
                .then().statusCode(200);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("walguard_admission_requests_total{decision=\"denied\",kind=\"Deployment\","
                        + "mode=\"enforce\",operation=\"CREATE\",outcome=\"denied\"}"))
                .body(containsString("walguard_admission_duration_seconds_count{kind=\"Deployment\"}"));
    }
}
