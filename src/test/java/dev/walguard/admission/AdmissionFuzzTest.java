package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the review decoder and the policy, through the in-process handler on the
 * offline example cluster: whatever the bytes, the handler answers with a well-formed AdmissionReview, allowed or
 * denied with 403 (the offline view is never unavailable, and the policy must never fail: a 500 "could not
 * evaluate" denial is a bug), under 256 KiB, or it throws {@link InvalidReviewException} (HTTP 400). Anything
 * else is a finding.
 *
 * <p>The input is either raw bytes, or a real review of {@code examples/reviews} with a few values replaced,
 * lists grown or entries copied, chosen by the fuzzer. A normal {@code ./mvnw test} runs only the seeds in
 * {@code src/test/resources/dev/walguard/admission/AdmissionFuzzTestInputs/handlerAnswersEveryInput/} (regression
 * mode). To fuzz, see bench/README.md: {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=AdmissionFuzzTest
 * -Djazzer.max_duration=10m}. A crash is written to that directory: keep it there as a regression seed, with the
 * fix.
 */
class AdmissionFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_RESPONSE = 256 * 1024;
    private static final List<JsonNode> REVIEWS = reviews();
    private static final AdmissionReviewHandler HANDLER =
            Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());

    /** The handler logs every denial and warning at INFO: hundreds of thousands of lines in a fuzzing run. */
    private static final Logger HANDLER_LOG = Logger.getLogger("dev.walguard.admission");

    private static Level handlerLevel;

    @BeforeAll
    static void quietHandlerLog() {
        handlerLevel = HANDLER_LOG.getLevel();
        HANDLER_LOG.setLevel(Level.WARNING);
    }

    @AfterAll
    static void restoreHandlerLog() {
        HANDLER_LOG.setLevel(handlerLevel);
    }

    @FuzzTest(maxDuration = "30s")
    void handlerAnswersEveryInput(FuzzedDataProvider data) throws IOException {
        byte[] body;
        JsonNode sent = null;
        if (data.consumeBoolean()) {
            body = data.consumeRemainingAsBytes();
        } else {
            sent = mutate(REVIEWS.get(data.consumeInt(0, REVIEWS.size() - 1)).deepCopy(), data);
            body = JSON.writeValueAsBytes(sent);
        }
        byte[] answer;
        try {
            answer = HANDLER.handle(body);
        } catch (InvalidReviewException e) {
            return;
        }
        assertThat(answer.length).isLessThan(MAX_RESPONSE);
        JsonNode review = JSON.readTree(answer);
        JsonNode response = review.path("response");
        assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(review.path("apiVersion").asText()).isIn("admission.k8s.io/v1", "admission.k8s.io/v1beta1");
        assertThat(response.path("allowed").isBoolean()).isTrue();
        assertThat(response.path("uid").asText()).isNotEmpty();
        if (sent != null) {
            assertThat(response.path("uid").asText())
                    .isEqualTo(sent.path("request").path("uid").asText());
        }
        assertThat(response.path("status").path("code").asInt(0))
                .isEqualTo(response.path("allowed").asBoolean() ? 0 : 403);
    }

    /** Up to eight edits, each at a node the fuzzer picks (in document order) of the review as it is then. */
    private static JsonNode mutate(JsonNode review, FuzzedDataProvider data) {
        for (int edits = data.consumeInt(1, 8); edits > 0 && data.remainingBytes() > 0; edits--) {
            List<JsonNode> containers = new ArrayList<>();
            collect(review, containers);
            JsonNode parent = containers.get(data.consumeInt(0, containers.size() - 1));
            int op = data.consumeInt(0, 2);
            if (parent instanceof ArrayNode list && op == 2 && !list.isEmpty()) {
                // Grow a list with copies of one of its entries: many containers, mounts, volumes.
                JsonNode entry = list.get(data.consumeInt(0, list.size() - 1));
                for (int copies = data.consumeInt(1, 64); copies > 0; copies--) {
                    list.add(entry.deepCopy());
                }
            } else if (parent instanceof ArrayNode list && !list.isEmpty()) {
                list.set(data.consumeInt(0, list.size() - 1), value(data));
            } else if (parent instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = op == 1 ? data.consumeString(32) : names.get(data.consumeInt(0, names.size() - 1));
                object.set(name, value(data));
            }
        }
        return review;
    }

    private static JsonNode value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 9)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(data.consumeLong());
            case 2 -> F.booleanNode(data.consumeBoolean());
            case 3 -> F.arrayNode();
            case 4 -> F.objectNode();
            case 5 -> F.arrayNode().addNull();
            case 6 -> F.textNode("/" + data.consumeString(64));
            case 7 -> F.textNode(String.join(",", "/config/a.db", data.consumeString(64), "/../x", "data"));
            case 8 -> F.textNode(data.consumeBoolean() ? "true" : data.consumeString(16));
            default -> F.textNode(data.consumeString(64));
        };
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static List<JsonNode> reviews() {
        try (Stream<Path> files = Files.list(Path.of("examples/reviews"))) {
            List<JsonNode> out = new ArrayList<>();
            for (Path p :
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(JSON.readTree(p.toFile()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
