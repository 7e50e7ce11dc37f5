package dev.walguard.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walguard.admission.ReviewMutations;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A sample of the mutated reviews the admission FuzzedReviewsTest runs in-process, over HTTP: every answer is 200
 * or 400, and no 200 is walguard's "could not evaluate" internal-error denial.
 */
@QuarkusTest
class FuzzedReviewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The in-process run's 2,700 reviews (18 sources), every 120th of them: 23 requests. */
    private static final int EVERY = 120;

    @Test
    void mutatedReviewsGet200Or400AndNeverAnInternalError() throws IOException {
        int[] posted = {0};
        ReviewMutations.run(150, (index, source, mutated) -> {
            if (index % EVERY != 0) {
                return;
            }
            Response response = given().contentType("application/json")
                    .body(JSON.writeValueAsBytes(mutated))
                    .post("/validate");
            assertThat(response.statusCode())
                    .as("%s mutated: %s", source, mutated)
                    .isIn(200, 400);
            if (response.statusCode() == 200) {
                Object code = response.jsonPath().get("response.status.code");
                assertThat(code).as("%s mutated: %s", source, mutated).isNotEqualTo(500);
            }
            posted[0]++;
        });
        assertThat(posted[0]).isEqualTo(23);
    }
}
