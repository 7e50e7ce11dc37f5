package dev.walguard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.walguard.admission.AdmissionExecutor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Liveness evaluates a canned review through the admission pool: a wedged pool is DOWN (the kubelet restarts the
 * pod), and UP again once it answers. While the queue is full, reviews get 503.
 */
@QuarkusTest
class AdmissionLivenessTest {

    @Inject
    AdmissionExecutor executor;

    private final CountDownLatch release = new CountDownLatch(1);
    private CountDownLatch stuckThreads;

    /** Every admission thread stuck on the latch, once this returns. */
    private void wedge() throws InterruptedException {
        stuckThreads = new CountDownLatch(executor.threads());
        for (int i = 0; i < executor.threads(); i++) {
            executor.execute(() -> {
                stuckThreads.countDown();
                stuck();
            });
        }
        // Tasks pass through the queue even to idle threads: wait until none of these is left in it.
        assertThat(stuckThreads.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private void stuck() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void unwedge() {
        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Management.given()
                        .get("/q/health/live")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP")));
    }

    @Test
    void aWedgedPoolIsDownAfterTheTimeoutAndUpOnceItAnswers() throws InterruptedException {
        wedge();

        assertThat(admissionCheck(503))
                .isEqualTo(Map.of(
                        "name",
                        "admission",
                        "status",
                        "DOWN",
                        "data",
                        Map.of("reason", "no answer to a canned review within 2000 ms")));

        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(admissionCheck(200)).isEqualTo(Map.of("name", "admission", "status", "UP")));
    }

    @Test
    void aFullQueueIsDownAtOnceAndReviewsGet503() throws IOException, InterruptedException {
        wedge();
        int queued = 0;
        try {
            while (queued <= executor.queueCapacity()) {
                executor.execute(this::stuck);
                queued++;
            }
        } catch (RejectedExecutionException expected) {
            // Full.
        }
        assertThat(queued).isEqualTo(executor.queueCapacity());
        double before = HealthAndMetricsTest.count("walguard_admission_requests_total{decision=\"none\","
                + "kind=\"other\",mode=\"none\",operation=\"other\",outcome=\"overloaded\"}");

        assertThat(admissionCheck(503))
                .isEqualTo(Map.of(
                        "name", "admission", "status", "DOWN", "data", Map.of("reason", "admission queue is full")));
        String answer = ValidateResourceTest.post(
                        Files.readAllBytes(ValidateResourceTest.EXAMPLES.resolve("deny-sonarr-nfs.json")))
                .then()
                .statusCode(503)
                .contentType("application/json")
                .extract()
                .asString();
        assertThat(answer).isEqualTo("{\"error\":\"walguard has too many reviews queued; retry\"}");
        assertThat(HealthAndMetricsTest.count("walguard_admission_requests_total{decision=\"none\",kind=\"other\","
                        + "mode=\"none\",operation=\"other\",outcome=\"overloaded\"}"))
                .isEqualTo(before + 1);
    }

    /** The admission check of /q/health/live, whose HTTP status must be {@code status}. */
    private static Map<String, Object> admissionCheck(int status) {
        Response response = Management.given().get("/q/health/live");
        assertThat(response.statusCode()).isEqualTo(status);
        return response.jsonPath().getMap("checks.find { it.name == 'admission' }");
    }
}
