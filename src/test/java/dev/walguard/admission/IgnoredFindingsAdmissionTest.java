package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.Exceptions;
import dev.walguard.policy.PolicySettings;
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
 * The AdmissionReview answer for examples/reviews/deny-sonarr-nfs.json (Sonarr's config on NFS in the example
 * cluster: WAL001) once its pod template ignores WAL001, under each {@code walguard.exceptions}: the whole response
 * object, and the series it is counted in.
 */
class IgnoredFindingsAdmissionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DENY = Path.of("examples/reviews/deny-sonarr-nfs.json");
    private static final String UID = "0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60";
    private static final String REASON = "migrating to the ceph-rbd class in the next maintenance window";

    private final MeterRegistry registry = new SimpleMeterRegistry();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "under all the ignored violation is admitted with nothing but the audit annotations",
                        Exceptions.ALL,
                        "{\"uid\":\"" + UID + "\",\"allowed\":true,"
                                + "\"auditAnnotations\":{\"ignored\":\"WAL001\",\"mode\":\"enforce\"}}",
                        "decision=allowed,kind=Deployment,mode=enforce,operation=CREATE,outcome=allowed"),
                Arguments.of(
                        "under warnings the violation is denied and says why it was not ignored",
                        Exceptions.WARNINGS,
                        null,
                        "decision=denied,kind=Deployment,mode=enforce,operation=CREATE,outcome=denied"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answers(String description, Exceptions ceiling, String exactResponse, String series) throws IOException {
        PolicySettings d = PolicySettings.defaults();
        AdmissionReviewHandler handler = new AdmissionReviewHandler(
                new AdmissionPolicy(new PolicySettings(
                        d.mode(),
                        d.exemptNamespaces(),
                        d.unknownStorage(),
                        d.patterns(),
                        d.detection(),
                        d.rollbackJournal(),
                        ceiling)),
                Handlers.EXAMPLE_CLUSTER,
                new AdmissionMetrics(registry));
        ObjectNode review = (ObjectNode) JSON.readTree(DENY.toFile());
        ObjectNode annotations = (ObjectNode) review.at("/request/object/spec/template/metadata/annotations");
        annotations.put("walguard.dev/ignore", "WAL001");
        annotations.put("walguard.dev/ignore-reason", REASON);

        JsonNode out = JSON.readTree(handler.handle(JSON.writeValueAsBytes(review)));
        JsonNode response = out.path("response");

        if (exactResponse != null) {
            assertThat(response).isEqualTo(JSON.readTree(exactResponse));
        } else {
            assertThat(response.path("allowed").asBoolean(true)).isFalse();
            assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
            assertThat(response.path("status").path("message").asText())
                    .startsWith("WAL001 ")
                    .contains(" (walguard.dev/ignore names WAL001, but it cannot be ignored because"
                            + " walguard.exceptions is warnings, so only findings that are warnings may be ignored.)"
                            + " Fix: ");
            assertThat(response.path("warnings").isMissingNode()).isTrue();
            assertThat(JSON.convertValue(response.path("auditAnnotations"), Map.class))
                    .isEqualTo(Map.of("findings", "WAL001", "mode", "enforce"));
        }
        assertThat(Handlers.requests(registry)).isEqualTo(Map.of(series, 1.0));
    }
}
