package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request uid is echoed into the answer and the log, so it is bounded: at most 128 characters, none of them a
 * control character. The API server sends a 36-character UUID.
 */
class RequestUidTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DENY = Path.of("examples/reviews/deny-sonarr-nfs.json");

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, registry);

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("129 characters", "u".repeat(129)),
                Arguments.of("a megabyte", "u".repeat(1 << 20)),
                Arguments.of("a newline (a forged log line)", "0f3b7c21\nERROR forged"),
                Arguments.of("a NUL", "0f3b7c21\u0000"),
                Arguments.of("DEL", "0f3b7c21\u007f"),
                Arguments.of("a C1 control character", "0f3b7c21\u0085"));
    }

    @ParameterizedTest(name = "a uid of {0} is an invalid review")
    @MethodSource("refused")
    void aUidTheApiServerNeverSendsIsAnInvalidReview(String description, String uid) throws IOException {
        byte[] review = withUid(uid);

        assertThatThrownBy(() -> handler.handle(review))
                .isInstanceOf(InvalidReviewException.class)
                .hasMessage("request.uid must be at most 128 characters without control characters (the API "
                        + "server sends a 36-character UUID)");
        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of("decision=none,kind=other,mode=none,operation=other,outcome=invalid", 1.0));
    }

    static Stream<Arguments> echoed() {
        return Stream.of(
                Arguments.of("a UUID", "0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60"),
                Arguments.of("128 characters", "u".repeat(128)),
                Arguments.of("letters beyond ASCII", "übung-ü"));
    }

    @ParameterizedTest(name = "a uid of {0} is echoed")
    @MethodSource("echoed")
    void aUidWithinTheBoundIsEchoed(String description, String uid) throws IOException {
        JsonNode answer = JSON.readTree(handler.handle(withUid(uid)));

        assertThat(answer.path("response").path("uid").asText()).isEqualTo(uid);
        assertThat(answer.path("response").path("allowed").asBoolean(true)).isFalse();
    }

    private static byte[] withUid(String uid) throws IOException {
        ObjectNode review = (ObjectNode) JSON.readTree(DENY.toFile());
        ((ObjectNode) review.path("request")).put("uid", uid);
        return JSON.writeValueAsBytes(review);
    }
}
