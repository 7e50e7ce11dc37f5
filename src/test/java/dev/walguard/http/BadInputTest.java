package dev.walguard.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a clear JSON error, never a 500 or a stack trace, and the server keeps answering. */
@QuarkusTest
class BadInputTest {

    static Stream<Arguments> malformed() throws IOException {
        return Stream.of(
                Arguments.of(
                        "malformed JSON",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ",
                        "request body is not valid JSON: Unexpected end-of-input within/between Object entries (line 1, "
                                + "column 47)"),
                Arguments.of("an empty body", "", "request body is empty; expected an AdmissionReview"),
                Arguments.of("a JSON array", "[1, 2, 3]", "request body must be a JSON object (an AdmissionReview)"),
                Arguments.of(
                        "a JSON string",
                        "\"AdmissionReview\"",
                        "request body must be a JSON object (an AdmissionReview)"),
                Arguments.of(
                        "a review without request",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}",
                        "AdmissionReview has no request object"),
                Arguments.of(
                        "an unknown apiVersion",
                        "{\"apiVersion\": \"admission.k8s.io/v2\", \"kind\": \"AdmissionReview\", \"request\": {}}",
                        "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1, not \"admission.k8s.io/v2\""),
                Arguments.of(
                        "another kind",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"Pod\", \"request\": {}}",
                        "kind must be AdmissionReview"),
                Arguments.of(
                        "a request without uid",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": "
                                + "{\"operation\": \"CREATE\"}}",
                        "request.uid must be a non-empty string"),
                Arguments.of(
                        "a numeric uid",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": "
                                + "{\"uid\": 42, \"operation\": \"CREATE\"}}",
                        "request.uid must be a non-empty string"),
                Arguments.of(
                        "a uid of 129 characters",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": "
                                + "{\"uid\": \"" + "u".repeat(129) + "\", \"operation\": \"CREATE\"}}",
                        "request.uid must be at most 128 characters without control characters (the API server "
                                + "sends a 36-character UUID)"),
                Arguments.of(
                        "an unknown operation",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": "
                                + "{\"uid\": \"u1\", \"operation\": \"PATCH\"}}",
                        "request.operation must be CREATE, UPDATE, DELETE or CONNECT, not \"PATCH\""),
                Arguments.of(
                        "a request that is a string",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": \"x\"}",
                        "AdmissionReview has no request object"),
                Arguments.of(
                        "an object that is a string",
                        fixture("object-is-a-string.json"),
                        "request.object must be a Kubernetes object or null"),
                Arguments.of(
                        "a wrongly typed field the rules read",
                        fixture("wrong-type-run-as-user.json"),
                        "request.object cannot be read: "),
                Arguments.of(
                        "a non-boolean dryRun",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": "
                                + "{\"uid\": \"u1\", \"operation\": \"CREATE\", \"dryRun\": \"yes\"}}",
                        "request.dryRun must be true or false"),
                Arguments.of(
                        "a second document after the review",
                        fixture("v1beta1-deny-sonarr.json") + "\n{}",
                        "request body has content after the AdmissionReview (line "),
                Arguments.of(
                        "garbage after the review",
                        fixture("v1beta1-deny-sonarr.json").strip() + "xyz",
                        "request body is not valid JSON: Unrecognized token 'xyz'"),
                Arguments.of(
                        "a duplicate key",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"kind\": \"Pod\"}",
                        "request body is not valid JSON: Duplicate field 'kind' (line 1, column 74)"),
                Arguments.of(
                        "a duplicate key deep in the object, which two readers could resolve apart",
                        fixture("v1beta1-deny-sonarr.json")
                                .replace(
                                        "\"mountPath\": \"/config\"",
                                        "\"mountPath\": \"/scratch\", \"mountPath\": \"/config\""),
                        "request body is not valid JSON: Duplicate field 'mountPath' (line 248, column 59)"),
                Arguments.of(
                        "5,000-deep nesting",
                        "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": " + "\"AdmissionReview\", \"request\": "
                                + "[".repeat(5000) + "]".repeat(5000) + "}",
                        "request body is not valid JSON: Document nesting depth (201) exceeds the maximum allowed "
                                + "(200, from `StreamReadConstraints.getMaxNestingDepth()`)"));
    }

    @ParameterizedTest(name = "{0} gets 400")
    @MethodSource("malformed")
    void malformedBodiesGet400WithAJsonError(String description, String body, String error) {
        post(body.getBytes(StandardCharsets.UTF_8), "application/json")
                .statusCode(400)
                .contentType("application/json")
                .body("error", startsWith(error));
    }

    @Test
    void wronglyTypedFieldNamesItsPath() throws IOException {
        post(fixture("wrong-type-run-as-user.json").getBytes(StandardCharsets.UTF_8), "application/json")
                .statusCode(400)
                .body(
                        "error",
                        equalTo("request.object cannot be read: Cannot deserialize value of type "
                                + "`java.lang.Long` from String \"root\": not a valid `java.lang.Long` value at "
                                + "spec.template.spec.securityContext.runAsUser"));
    }

    @Test
    void aNullEntryInAListTheRulesReadGets400() throws IOException {
        String body = fixture("v1beta1-deny-sonarr.json")
                .replaceFirst("\"containers\"\\s*:\\s*\\[", "\"containers\": [null, ");

        post(body.getBytes(StandardCharsets.UTF_8), "application/json")
                .statusCode(400)
                .body(
                        "error",
                        equalTo("request.object cannot be read: a list has a null entry at "
                                + "spec.template.spec.containers[0]"));
    }

    @Test
    void aContainerWithoutNameGets400() throws IOException {
        String body = fixture("v1beta1-deny-sonarr.json")
                .replaceFirst("\"name\"\\s*:\\s*\"sonarr\",\\s*\"image\"", "\"image\"");

        post(body.getBytes(StandardCharsets.UTF_8), "application/json")
                .statusCode(400)
                .body(
                        "error",
                        equalTo("request.object cannot be read: spec.template.spec.containers[0].name is "
                                + "missing"));
    }

    @Test
    void nonJsonContentTypeGets415() throws IOException {
        post(fixture("v1beta1-deny-sonarr.json").getBytes(StandardCharsets.UTF_8), "text/plain")
                .statusCode(415)
                .contentType("application/json")
                .body("error", equalTo("content type is not supported; send an AdmissionReview as application/json"));
    }

    @Test
    void aMissingContentTypeGets415() throws Exception {
        // java.net.http sends no Content-Type unless told to (RestAssured always adds one).
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/validate"))
                                .POST(HttpRequest.BodyPublishers.ofString(fixture("v1beta1-deny-sonarr.json")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body())
                .isEqualTo("{\"error\":\"content type is missing; send an AdmissionReview as application/json\"}");
    }

    @Test
    void bodyOver7MiBGets413() {
        byte[] body = new byte[8 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';

        post(body, "application/json")
                .statusCode(413)
                .contentType("application/json")
                .body("error", equalTo("request body is larger than 7 MiB"));
    }

    @Test
    void unknownPathGets404AsJson() {
        given().contentType("application/json").body("{}").post("/nope").then().statusCode(404);
    }

    /** After every bad request, a good one still gets its answer. */
    @AfterEach
    void serverKeepsAnswering() throws IOException {
        post(Files.readAllBytes(ValidateResourceTest.EXAMPLES.resolve("deny-sonarr-nfs.json")), "application/json")
                .statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.uid", equalTo("0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60"));
    }

    private static ValidatableResponse post(byte[] body, String contentType) {
        return given().contentType(contentType)
                .body(body)
                .when()
                .post("/validate")
                .then();
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(ValidateResourceTest.FIXTURES.resolve(name));
    }
}
