package dev.walguard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request cut off before its body was read is counted once in {@code walguard_http_requests_cut_total}, by
 * reason: over 7 MiB (declared or sent chunked), beyond the in-flight body budget, or past the body-read deadline.
 */
@QuarkusTest
class CutRequestsTest {

    private static final long MAX_BODY = 7L * 1024 * 1024;
    private static final List<String> REASONS = List.of("budget", "deadline", "too_large");

    @Inject
    RequestGuards guards;

    @Inject
    HttpLimits limits;

    @BeforeEach
    void nothingInFlight() {
        await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 0);
    }

    @Test
    void bodiesOver7MiBAreCountedAsTooLarge() {
        Map<String, Double> before = counts();
        for (int i = 0; i < 3; i++) {
            try (RawHttp client = new RawHttp()) {
                assertThat(client.send(RawHttp.post(MAX_BODY + 1, "{"))
                                .readUntilClosed(Duration.ofSeconds(5))
                                .text())
                        .startsWith("HTTP/1.1 413 ");
            }
        }
        try (RawHttp client = new RawHttp()) {
            sendChunked(client, MAX_BODY + 1024 * 1024);
            assertThat(client.readUntilClosed(Duration.ofSeconds(5)).text()).startsWith("HTTP/1.1 413 ");
        }

        assertThat(counts()).isEqualTo(plus(before, "too_large", 4));
    }

    @Test
    void bodiesBeyondTheBudgetAreCountedAsBudget() {
        Map<String, Double> before = counts();
        List<RawHttp> held = new ArrayList<>();
        try {
            // Nine 7 MiB bodies, each sent in part: 63 MiB of the 64 MiB budget.
            for (int i = 0; i < 9; i++) {
                held.add(new RawHttp().send(RawHttp.post(MAX_BODY, "{\"apiVersion\": ")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 9 * MAX_BODY);
            // Whole 2 MiB bodies: the server reads and discards them after its 503 and closes at once.
            String whole = RawHttp.post(2 * 1024 * 1024, "{" + " ".repeat(2 * 1024 * 1024 - 2) + "}");
            for (int i = 0; i < 2; i++) {
                try (RawHttp refused = new RawHttp().send(whole)) {
                    assertThat(refused.readUntilClosed(Duration.ofSeconds(5)).text())
                            .startsWith("HTTP/1.1 503 ");
                }
            }
        } finally {
            held.forEach(RawHttp::close);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> guards.inFlightBodyBytes() == 0);

        Map<String, Double> after = counts();
        assertThat(after.get("budget")).isEqualTo(before.get("budget") + 2);
        assertThat(after.get("too_large")).isEqualTo(before.get("too_large"));
        // The held bodies are closed by this test, or cut at the deadline first on a slow machine: never counted
        // as anything else.
        assertThat(after.get("deadline")).isBetween(before.get("deadline"), before.get("deadline") + 9);
    }

    @Test
    void bodiesWithheldPastTheDeadlineAreCountedAsDeadline() {
        Map<String, Double> before = counts();
        List<RawHttp> withheld = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                withheld.add(new RawHttp().send(RawHttp.post(20_000, "{")));
            }
            for (RawHttp client : withheld) {
                RawHttp.Read read =
                        client.readUntilClosed(limits.bodyReadDeadline().plusSeconds(3));
                assertThat(read.closed()).isTrue();
                assertThat(read.text()).isEmpty();
            }
        } finally {
            withheld.forEach(RawHttp::close);
        }

        assertThat(counts()).isEqualTo(plus(before, "deadline", 2));
    }

    /** A chunked POST of {@code bytes} of spaces; the server may close before all of it is sent. */
    private static void sendChunked(RawHttp client, long bytes) {
        client.send("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        String chunk = Integer.toHexString(64 * 1024) + "\r\n" + " ".repeat(64 * 1024) + "\r\n";
        try {
            for (long sent = 0; sent < bytes; sent += 64 * 1024) {
                client.send(chunk);
            }
            client.send("0\r\n\r\n");
        } catch (UncheckedIOException e) {
            // Closed by the server once it had the 413 out: what is being tested.
        }
    }

    /** The value of each reason's series, all three present from the start. */
    private static Map<String, Double> counts() {
        String metrics = HealthAndMetricsTest.metrics();
        Map<String, Double> out = new TreeMap<>();
        for (String reason : REASONS) {
            String series = "walguard_http_requests_cut_total{reason=\"" + reason + "\"} ";
            out.put(
                    reason,
                    metrics.lines()
                            .filter(line -> line.startsWith(series))
                            .mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no series " + series)));
        }
        return out;
    }

    private static Map<String, Double> plus(Map<String, Double> counts, String reason, int more) {
        Map<String, Double> out = new TreeMap<>(counts);
        out.merge(reason, (double) more, Double::sum);
        return out;
    }
}
