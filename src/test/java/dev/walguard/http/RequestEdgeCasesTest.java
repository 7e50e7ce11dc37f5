package dev.walguard.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests no HTTP client library sends, over a raw socket: each gets the contract's JSON error. */
@QuarkusTest
class RequestEdgeCasesTest {

    /** Refused before its body is read, so the connection is closed too (after reading what the client sends). */
    @Test
    void aRequestWithoutHostGets400WithAJsonError() {
        try (RawHttp client = new RawHttp()) {
            RawHttp.Read read = client.send("POST /validate HTTP/1.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 2\r\n\r\n{}")
                    .readUntilClosed(Duration.ofSeconds(5));

            assertThat(read.closed()).isTrue();
            assertThat(read.text())
                    .isEqualTo("HTTP/1.1 400 Bad Request\r\n"
                            + "content-type: application/json\r\n"
                            + "connection: close\r\n"
                            + "content-length: 64\r\n"
                            + "\r\n"
                            + "{\"error\":\"For HTTP/1.x requests, the 'Host' header is required\"}");
        }
    }

    /** The client is still sending its 9 MB when the 413 comes: the server reads on briefly, then closes. */
    @Test
    void a413ClosesTheConnection() {
        try (RawHttp client = new RawHttp()) {
            RawHttp.Read read =
                    client.send(RawHttp.post(9_000_000, "{\"apiVersion\": ")).readUntilClosed(Duration.ofSeconds(5));

            assertThat(read.text())
                    .isEqualTo("HTTP/1.1 413 Request Entity Too Large\r\n"
                            + "content-type: application/json\r\n"
                            + "content-length: 45\r\n"
                            + "connection: close\r\n"
                            + "\r\n"
                            + "{\"error\":\"request body is larger than 7 MiB\"}");
            assertThat(read.closed()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/metrics", "/report", "/"})
    void theWebhookPortServesOnlyValidate(String path) {
        String body = given().get(path)
                .then()
                .statusCode(404)
                .contentType("application/json")
                .extract()
                .asString();

        assertThat(body).isEqualTo("{\"error\":\"HTTP 404 Not Found\"}");
    }
}
