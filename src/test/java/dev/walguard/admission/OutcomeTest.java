package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table in {@link Outcome}'s javadoc (and the README), row by row. */
class OutcomeTest {

    @Test
    void eachOutcomeHasItsHttpStatusAndInReviewStatus() {
        assertThat(Arrays.stream(Outcome.values()).map(OutcomeTest::row).toList())
                .containsExactly(
                        "allowed 200 -",
                        "denied 200 403 Forbidden",
                        "unavailable 200 503 ServiceUnavailable",
                        "error 200 500 InternalError",
                        "invalid 400 -",
                        "too_large 413 -",
                        "unsupported_media_type 415 -",
                        "unhandled 500 -",
                        "overloaded 503 -");
    }

    @Test
    void onlyTheOutcomesAnsweredWithAReviewAreInReview() {
        assertThat(Arrays.stream(Outcome.values()).filter(Outcome::inReview).toList())
                .isEqualTo(List.of(Outcome.ALLOWED, Outcome.DENIED, Outcome.UNAVAILABLE, Outcome.ERROR));
    }

    private static String row(Outcome o) {
        Status s = o.reviewStatus("why");
        return o.label() + " " + o.httpStatus() + " " + (s == null ? "-" : s.getCode() + " " + s.getReason());
    }
}
