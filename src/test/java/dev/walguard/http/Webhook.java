package dev.walguard.http;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The webhook port of the running test application, as the API server calls it. */
public final class Webhook {

    private Webhook() {}

    /** POSTs a review to {@code /validate}, asserts HTTP 200 and returns the answer. */
    public static JsonPath admit(String review) {
        return given().contentType(ContentType.JSON)
                .body(review)
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
