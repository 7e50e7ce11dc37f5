package dev.walguard.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndMetricsTest {

    @Test
    void readyOnceTheOfflineClusterViewIsLoaded() {
        Management.given()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("cluster-view"));
    }

    @Test
    void live() {
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void admissionsAreCountedByKindOperationDecisionAndMode() throws IOException {
        ValidateResourceTest.post(Files.readAllBytes(ValidateResourceTest.EXAMPLES.resolve("deny-sonarr-nfs.json")))
                .then()
                .statusCode(200);

        Management.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("walguard_admission_requests_total{decision=\"denied\",kind=\"Deployment\","
                        + "mode=\"enforce\",operation=\"CREATE\",outcome=\"denied\"}"))
                .body(containsString("walguard_admission_duration_seconds_count{kind=\"Deployment\"}"));
    }

    @Test
    void aBodyThatIsNoReviewIsCountedAsInvalid() {
        String series = refused("invalid");
        double before = count(series);

        given().contentType("application/json")
                .body("[1, 2, 3]")
                .post("/validate")
                .then()
                .statusCode(400);

        assertThat(count(series)).isEqualTo(before + 1);
    }

    @Test
    void aBodyOver7MiBIsCountedAsTooLarge() {
        String series = refused("too_large");
        double before = count(series);
        byte[] body = new byte[8 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');

        given().contentType("application/json")
                .body(body)
                .post("/validate")
                .then()
                .statusCode(413);

        assertThat(count(series)).isEqualTo(before + 1);
    }

    @Test
    void aWrongOrMissingContentTypeIsCountedAsUnsupportedMediaType() throws Exception {
        String series = refused("unsupported_media_type");
        double before = count(series);

        given().contentType("text/plain").body("{}").post("/validate").then().statusCode(415);
        // java.net.http sends no Content-Type unless told to (RestAssured always adds one).
        HttpResponse<String> missing = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/validate"))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(missing.statusCode()).isEqualTo(415);
        assertThat(count(series)).isEqualTo(before + 2);
    }

    /** The series of a request refused before anything of it was read. */
    private static String refused(String outcome) {
        return "walguard_admission_requests_total{decision=\"none\",kind=\"other\",mode=\"none\","
                + "operation=\"other\",outcome=\"" + outcome + "\"}";
    }

    /** The series' value in /q/metrics; 0 before it is first counted. */
    static double count(String series) {
        return metrics()
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    /** The Prometheus text of /q/metrics on the management port. */
    static String metrics() {
        return Management.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
