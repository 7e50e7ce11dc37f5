package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.policy.ClusterViewUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every outcome of the handler, in-process: the answer, and the one series it is counted in. The handler's bytes
 * are the HTTP 200 body ({@code ValidateResource} only delegates); exceptions become 400 and 500 in the http layer.
 */
class AdmissionReviewHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DENY = Path.of("examples/reviews/deny-sonarr-nfs.json");
    private static final String UID = "0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60";

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aPolicyThatThrowsDeniesWithAnInternalErrorAndIsCountedAsError() throws IOException {
        AdmissionReviewHandler handler =
                Handlers.handler(Handlers.failing(() -> new IllegalStateException("a bug")), registry);

        JsonNode response = answer(handler, Files.readAllBytes(DENY));

        assertThat(response.path("uid").asText()).isEqualTo(UID);
        assertThat(response.path("allowed").asBoolean(true)).isFalse();
        assertThat(response.path("status").path("code").asInt()).isEqualTo(500);
        assertThat(response.path("status").path("reason").asText()).isEqualTo("InternalError");
        assertThat(response.path("status").path("message").asText())
                .isEqualTo("walguard could not evaluate this "
                        + "Deployment because of an internal error (logged with request uid " + UID
                        + "); it is denied rather "
                        + "than admitted unchecked.");
        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of("decision=denied,kind=Deployment,mode=none,operation=CREATE,outcome=error", 1.0));
        assertThat(registry.get(AdmissionMetrics.DURATION)
                        .tag("kind", "Deployment")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anUnsyncedViewAnswers503AndIsCountedAsUnavailable() throws IOException {
        AdmissionReviewHandler handler = Handlers.handler(
                Handlers.failing(() -> new ClusterViewUnavailableException("the cluster view has not synced yet")),
                registry);

        JsonNode response = answer(handler, Files.readAllBytes(DENY));

        assertThat(response.path("uid").asText()).isEqualTo(UID);
        assertThat(response.path("allowed").asBoolean(true)).isFalse();
        assertThat(response.path("status").path("code").asInt()).isEqualTo(503);
        assertThat(response.path("status").path("reason").asText()).isEqualTo("ServiceUnavailable");
        assertThat(response.path("status").path("message").asText())
                .isEqualTo("the cluster view has not synced "
                        + "yet; this Deployment is checked for SQLite WAL use (it is marked, or runs a catalogued "
                        + "image) and is refused rather than judged on a partial view. Retry in a few seconds.");
        assertThat(Handlers.requests(registry))
                .isEqualTo(
                        Map.of("decision=denied,kind=Deployment,mode=none,operation=CREATE,outcome=unavailable", 1.0));
    }

    @Test
    void aDecidedReviewIsCountedWithWhyAndMode() throws IOException {
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, registry);

        JsonNode response = answer(handler, Files.readAllBytes(DENY));

        assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
        assertThat(response.path("status").path("reason").asText()).isEqualTo("Forbidden");
        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of("decision=denied,kind=Deployment,mode=enforce,operation=CREATE,outcome=denied", 1.0));
    }

    @Test
    void aBodyThatIsNoReviewIsCountedAsInvalidWithNothingRead() {
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, registry);

        assertThatThrownBy(() -> handler.handle("[1, 2, 3]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidReviewException.class);

        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of("decision=none,kind=other,mode=none,operation=other,outcome=invalid", 1.0));
        assertThat(registry.get(AdmissionMetrics.DURATION)
                        .tag("kind", "other")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anUnknownOperationIsCountedAsInvalidWithTheKindItNames() throws IOException {
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, registry);
        ObjectNode review = (ObjectNode) JSON.readTree(DENY.toFile());
        ((ObjectNode) review.path("request")).put("operation", "PATCH");

        assertThatThrownBy(() -> handler.handle(JSON.writeValueAsBytes(review)))
                .isInstanceOf(InvalidReviewException.class)
                .hasMessage("request.operation must be CREATE, UPDATE, DELETE or CONNECT, not \"PATCH\"");

        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of("decision=none,kind=Deployment,mode=none,operation=other,outcome=invalid", 1.0));
    }

    @Test
    void anErrorEscapingThePolicyIsCountedAsUnhandledAndRethrown() {
        AdmissionReviewHandler handler = Handlers.handler(Handlers.failing(StackOverflowError::new), registry);

        assertThatThrownBy(() -> handler.handle(Files.readAllBytes(DENY))).isInstanceOf(StackOverflowError.class);

        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of("decision=none,kind=Deployment,mode=none,operation=CREATE,outcome=unhandled", 1.0));
    }

    @Test
    void thirtyThousandMadeUpKindsAndOperationsAddNoSeries() {
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, registry);
        int invalid = 0;
        for (int i = 0; i < 30_000; i++) {
            String review = "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": "
                    + "{\"uid\": \"u" + i + "\", \"kind\": {\"kind\": \"Kind" + i + "\"}, \"operation\": \""
                    + (i % 2 == 0 ? "DELETE" : "OPERATION" + i) + "\"}}";
            try {
                handler.handle(review.getBytes(StandardCharsets.UTF_8));
            } catch (InvalidReviewException e) {
                invalid++;
            }
        }

        assertThat(invalid).isEqualTo(15_000);
        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of(
                        "decision=allowed,kind=other,mode=none,operation=DELETE,outcome=skipped", 15_000.0,
                        "decision=none,kind=other,mode=none,operation=other,outcome=invalid", 15_000.0));
        // Two counters and the timer of kind "other": nothing else was registered.
        assertThat(registry.getMeters()).hasSize(3);
    }

    @Test
    void aControllerOwnerReferenceWithoutNameIsJudgedNotAnInternalError() throws IOException {
        // Found by AdmissionFuzzTest (seed owner-reference-without-name): following it threw a NullPointerException.
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, registry);
        ObjectNode review = (ObjectNode) JSON.readTree(
                Path.of("examples/reviews/controller-pod-uid-mismatch.json").toFile());
        ((ObjectNode) review.path("request")
                        .path("object")
                        .path("metadata")
                        .path("ownerReferences")
                        .get(0))
                .remove("name");

        JsonNode response = answer(handler, JSON.writeValueAsBytes(review));

        assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
        // The same answer as with the name: report-writer belongs to another Deployment either way.
        assertThat(response.path("status").path("message").asText())
                .isEqualTo("WAL002 Pod "
                        + "apps/metrics-exporter-6c8d7b5f4-* cannot share the SQLite WAL database on volume \"data\" (claim "
                        + "shared-db, StorageClass local-path, driver rancher.io/local-path) between container exporter (uid "
                        + "65534) and pod apps/report-writer-5f7d8c9b6-x2x9q container report-writer (uid 1000) because they "
                        + "run as different UIDs with no common group: -shm and -wal belong to whoever opens the database "
                        + "first, and the others fail with SQLITE_READONLY. Volume \"data\" is checked because no walguard.dev/volumes or "
                        + "walguard.dev/paths annotation narrows the scope. Fix: Name the database volumes in "
                        + "walguard.dev/volumes or walguard.dev/paths, or run every container that opens the "
                        + "database with the same runAsUser, or give them all a common fsGroup or supplemental group.");
        assertThat(Handlers.requests(registry))
                .isEqualTo(Map.of("decision=denied,kind=Pod,mode=enforce,operation=CREATE,outcome=denied", 1.0));
    }

    private static JsonNode answer(AdmissionReviewHandler handler, byte[] review) throws IOException {
        JsonNode out = JSON.readTree(handler.handle(review));
        assertThat(out.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(out.path("kind").asText()).isEqualTo("AdmissionReview");
        return out.path("response");
    }
}
