package dev.walguard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a request's headers and then withhold its body hold no thread and do not delay anyone else's
 * review; they are cut off at the body-read deadline (3 s in tests, 10 s in production).
 */
@QuarkusTest
class WithheldBodiesTest {

    private static final int DECLARED = 20_000;

    @Inject
    RequestGuards guards;

    @Inject
    HttpLimits limits;

    private byte[] review;
    private String answer;

    @BeforeEach
    void baseline() throws IOException {
        await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 0);
        review = Files.readAllBytes(ValidateResourceTest.EXAMPLES.resolve("deny-sonarr-nfs.json"));
        // The exact answer without any attack; it also warms up the path measured below.
        answer = ValidateResourceTest.post(review)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(answer).contains("\"uid\":\"0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60\"");
    }

    @Test
    void twoHundredWithheldBodiesDoNotDelayAReview() {
        List<RawHttp> withheld = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                withheld.add(new RawHttp().send(RawHttp.post(DECLARED, "{")));
            }
            // Every one of them has been read up to its body: the server has reserved their declared bytes.
            await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 200L * DECLARED);

            Response response =
                    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> ValidateResourceTest.post(review));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.asString()).isEqualTo(answer);
        } finally {
            withheld.forEach(RawHttp::close);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 0);
    }

    @Test
    void aWithheldBodyIsCutOffAtTheDeadline() {
        Duration deadline = limits.bodyReadDeadline();
        try (RawHttp client = new RawHttp().send(RawHttp.post(DECLARED, "{\"apiVersion\": "))) {
            RawHttp.Read read = client.readUntilClosed(deadline.plusSeconds(3));

            assertThat(read.closed())
                    .as("closed within %s", deadline.plusSeconds(3))
                    .isTrue();
            assertThat(read.text()).isEmpty();
            // Not before the deadline (the socket was opened just before the read began).
            assertThat(read.elapsed()).isGreaterThan(deadline.minusMillis(500));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> guards.inFlightBodyBytes() == 0);
    }

    /** Prior-knowledge h2c on the plain port: 100 streams (the most one connection may open) withhold their bodies. */
    @Test
    void anHttp2ConnectionOfWithheldStreamsDoesNotDelayAReviewAndIsResetAtTheDeadline() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false)
                    .setDefaultHost("localhost")
                    .setDefaultPort(RestAssured.port)
                    .setHttp2MaxPoolSize(1)
                    .setHttp2MultiplexingLimit(100));
            List<Future<HttpClientResponse>> streams = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                streams.add(client.request(HttpMethod.POST, "/validate").compose(request -> {
                    request.putHeader("Content-Type", "application/json")
                            .putHeader("Content-Length", String.valueOf(DECLARED));
                    request.write("{");
                    return request.response();
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 100L * DECLARED);

            Response response =
                    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> ValidateResourceTest.post(review));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.asString()).isEqualTo(answer);
            // Each stream is reset at the deadline; the connection itself stays usable.
            await().atMost(limits.bodyReadDeadline().plusSeconds(3))
                    .until(() -> streams.stream().allMatch(Future::isComplete));
            assertThat(streams)
                    .allSatisfy(stream -> assertThat(stream.cause()).isInstanceOf(StreamResetException.class));
            await().atMost(Duration.ofSeconds(5)).until(() -> guards.inFlightBodyBytes() == 0);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
