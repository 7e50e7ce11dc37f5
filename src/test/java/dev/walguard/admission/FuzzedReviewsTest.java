package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 2,700 mutated reviews ({@link ReviewMutations}) straight into the handler, on the offline example cluster: each
 * is answered with a well-formed review or rejected as invalid (HTTP 200 or 400), never with another exception nor
 * walguard's "could not evaluate" internal-error denial, and each is counted. http/FuzzedReviewsTest sends a few
 * of them over HTTP.
 */
class FuzzedReviewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MUTATIONS_PER_REVIEW = 150;

    @Test
    void mutatedReviewsAreAnsweredOrInvalidAndNeverAnInternalError() throws IOException {
        MeterRegistry registry = new SimpleMeterRegistry();
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, registry);
        AtomicInteger invalid = new AtomicInteger();

        int sent = ReviewMutations.run(MUTATIONS_PER_REVIEW, (index, source, mutated) -> {
            String what = source + " mutated: " + mutated;
            byte[] answer;
            try {
                answer = handler.handle(JSON.writeValueAsBytes(mutated));
            } catch (InvalidReviewException e) {
                invalid.incrementAndGet();
                return;
            } catch (RuntimeException e) {
                throw new AssertionError(what, e);
            }
            JsonNode review = JSON.readTree(answer);
            JsonNode response = review.path("response");
            assertThat(review.path("apiVersion").asText())
                    .as(what)
                    .isEqualTo(mutated.path("apiVersion").asText());
            assertThat(review.path("kind").asText()).as(what).isEqualTo("AdmissionReview");
            assertThat(response.path("uid").asText())
                    .as(what)
                    .isEqualTo(mutated.path("request").path("uid").asText());
            assertThat(response.path("allowed").isBoolean()).as(what).isTrue();
            // Allowed: no status. Denied: 403 only; the offline view is never unavailable, the policy never fails.
            assertThat(response.path("status").path("code").asInt(0))
                    .as(what)
                    .isEqualTo(response.path("allowed").asBoolean() ? 0 : 403);
        });

        assertThat(sent).isEqualTo(ReviewMutations.reviews().size() * MUTATIONS_PER_REVIEW);
        assertThat(invalid.get()).isBetween(1, sent - 1);
        assertThat(Handlers.requests(registry).values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isEqualTo(sent);
    }
}
