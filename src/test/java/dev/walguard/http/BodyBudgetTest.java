package dev.walguard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Request bodies in flight are held to the budget (64 MiB): each request reserves its declared Content-Length before
 * its body is read, and gives it back when it ends, however it ends.
 */
@QuarkusTest
class BodyBudgetTest {

    private static final long MAX_BODY = 7L * 1024 * 1024;

    @Inject
    RequestGuards guards;

    @Test
    void partialBodiesBeyondTheBudgetGet503AndClosingThemGivesItBack() throws IOException {
        await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 0);
        String overloaded = "walguard_admission_requests_total{decision=\"none\",kind=\"other\",mode=\"none\","
                + "operation=\"other\",outcome=\"overloaded\"}";
        double before = HealthAndMetricsTest.count(overloaded);
        List<RawHttp> held = new ArrayList<>();
        try {
            // Nine 7 MiB bodies, each sent in part: 63 MiB of the 64 MiB budget.
            for (int i = 0; i < 9; i++) {
                held.add(new RawHttp().send(RawHttp.post(MAX_BODY, "{\"apiVersion\": ")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 9 * MAX_BODY);

            try (RawHttp tenth = new RawHttp().send(RawHttp.post(MAX_BODY, "{"))) {
                RawHttp.Read read = tenth.readUntilClosed(Duration.ofSeconds(5));

                assertThat(read.text())
                        .isEqualTo("HTTP/1.1 503 Service Unavailable\r\n"
                                + "content-type: application/json\r\n"
                                + "content-length: 65\r\n"
                                + "connection: close\r\n"
                                + "\r\n"
                                + "{\"error\":\"walguard has too many request bodies in flight; retry\"}");
                assertThat(read.closed()).isTrue();
            }
            assertThat(HealthAndMetricsTest.count(overloaded)).isEqualTo(before + 1);
        } finally {
            held.forEach(RawHttp::close);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 0);
        ValidateResourceTest.post(Files.readAllBytes(ValidateResourceTest.EXAMPLES.resolve("deny-sonarr-nfs.json")))
                .then()
                .statusCode(200);
    }
}
