package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.Detection;
import dev.walguard.policy.Exceptions;
import dev.walguard.policy.Mode;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.RollbackJournal;
import dev.walguard.policy.StoragePatterns;
import dev.walguard.policy.UnknownStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unannotated workloads of the example cluster, through the handler: examples/reviews/detect-*.json (n8n on
 * CephFS, Grafana on EFS) under each detection setting.
 */
class AdmissionDetectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path N8N = Path.of("examples/reviews/detect-n8n-cephfs.json");
    private static final Path GRAFANA = Path.of("examples/reviews/detect-grafana-efs.json");

    private static final String N8N_WAL001 = "WAL001 Deployment apps/n8n container n8n cannot keep a SQLite WAL"
            + " database on volume \"data\" (claim n8n-data, StorageClass cephfs, driver"
            + " rook-ceph.cephfs.csi.ceph.com) because it is a network filesystem: ";
    private static final String N8N_DETECTED = ". Its hosts do not share the memory-mapped, fcntl-locked -shm"
            + " wal-index, so the database corrupts. (detected: image docker.n8n.io/n8nio/n8n keeps"
            + " /home/node/.n8n/database.sqlite in SQLite WAL mode; opt out with walguard.dev/sqlite-wal: \"false\""
            + " if it keeps no database here, or mark it explicitly with walguard.dev/sqlite-wal: \"true\" and"
            + " walguard.dev/paths naming its databases.) Fix: Use a ReadWriteOnce claim on a block or local"
            + " StorageClass such as \"ebs-gp3\" or \"ceph-block\". Not SQLite here? Set walguard.dev/sqlite-wal:"
            + " \"false\".";

    private static PolicySettings settings(Detection detection, RollbackJournal rollback) {
        return new PolicySettings(
                Mode.ENFORCE,
                PolicySettings.DEFAULT_EXEMPT,
                UnknownStorage.WARN,
                StoragePatterns.NONE,
                detection,
                rollback,
                Exceptions.WARNINGS);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "an unannotated n8n on CephFS is detected and denied with WAL001",
                        N8N,
                        settings(Detection.IMAGES, RollbackJournal.WARN),
                        false,
                        "WAL001",
                        List.of()),
                Arguments.of(
                        "an unannotated Grafana on EFS is allowed with a WAL007 warning",
                        GRAFANA,
                        settings(Detection.IMAGES, RollbackJournal.WARN),
                        true,
                        "WAL007",
                        List.of("WAL007")),
                Arguments.of(
                        "with rollback-journal deny the Grafana on EFS is denied",
                        GRAFANA,
                        settings(Detection.IMAGES, RollbackJournal.DENY),
                        false,
                        "WAL007",
                        List.of()),
                Arguments.of(
                        "with detect off the n8n on CephFS is allowed untouched",
                        N8N,
                        settings(Detection.OFF, RollbackJournal.WARN),
                        true,
                        null,
                        List.of()),
                Arguments.of(
                        "with detect off the Grafana on EFS is allowed untouched",
                        GRAFANA,
                        settings(Detection.OFF, RollbackJournal.WARN),
                        true,
                        null,
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void detectedReviews(
            String name,
            Path review,
            PolicySettings settings,
            boolean allowed,
            String findings,
            List<String> warningRules)
            throws IOException {
        AdmissionReviewHandler handler = new AdmissionReviewHandler(
                new AdmissionPolicy(settings),
                Handlers.EXAMPLE_CLUSTER,
                new AdmissionMetrics(new SimpleMeterRegistry()));

        JsonNode response =
                JSON.readTree(handler.handle(Files.readAllBytes(review))).path("response");

        assertThat(response.path("allowed").asBoolean()).isEqualTo(allowed);
        assertThat(response.path("status").path("code").asInt(200)).isEqualTo(allowed ? 200 : 403);
        assertThat(
                        response.path("auditAnnotations").path("findings").isMissingNode()
                                ? null
                                : response.path("auditAnnotations")
                                        .path("findings")
                                        .asText())
                .isEqualTo(findings);
        List<String> rules = new ArrayList<>();
        response.path("warnings").forEach(w -> rules.add(w.asText().substring(0, 6)));
        assertThat(rules).isEqualTo(warningRules);
        response.path("warnings")
                .forEach(w -> assertThat(w.asText())
                        .hasSizeLessThanOrEqualTo(256)
                        .startsWith("WAL007 (detected: Grafana) Deployment apps/grafana volume \"storage\"")
                        .endsWith("Not SQLite here? Set walguard.dev/sqlite-wal: \"false\"."));
    }

    @org.junit.jupiter.api.Test
    void theDenialSaysHowN8nWasDetectedAndHowToOptOut() throws IOException {
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());

        String message = JSON.readTree(handler.handle(Files.readAllBytes(N8N)))
                .path("response")
                .path("status")
                .path("message")
                .asText();

        assertThat(message).startsWith(N8N_WAL001).endsWith(N8N_DETECTED).doesNotContain("\n");
    }

    @org.junit.jupiter.api.Test
    void theSameN8nTakingAWholeSecretIsAllowedWithAWarningAsTheSecretMaySetDbType() throws IOException {
        ObjectNode review = (ObjectNode) JSON.readTree(Files.readAllBytes(N8N));
        ObjectNode container = (ObjectNode) review.at("/request/object/spec/template/spec/containers/0");
        container.putArray("envFrom").addObject().putObject("secretRef").put("name", "n8n-secret");
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());

        JsonNode response =
                JSON.readTree(handler.handle(JSON.writeValueAsBytes(review))).path("response");

        assertThat(response.path("allowed").asBoolean()).isTrue();
        assertThat(response.path("auditAnnotations").path("findings").asText()).isEqualTo("WAL001");
        assertThat(response.path("warnings"))
                .singleElement()
                .satisfies(w -> assertThat(w.asText())
                        .hasSizeLessThanOrEqualTo(256)
                        .startsWith("WAL001 (detected: n8n, unless its Secret sets DB_TYPE) Deployment apps/n8n"));
    }
}
