package dev.walguard.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table for both front ends: each manifest gives the same rule ids through {@code scan} and through
 * {@code POST /validate} (both on examples/cluster), so the CLI and the webhook can never drift. A rule whose
 * finding the workload ignores is written {@code WAL004 (ignored)}: scan's ignoreReason, the webhook's audit
 * annotation {@code ignored}.
 */
@QuarkusTest
class ScanAndWebhookAgreementTest {

    static final Path FIXTURES = Path.of("src/test/resources/dev/walguard/cli/agreement");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Marks a rule whose finding the workload ignores (walguard.dev/ignore). */
    private static final String IGNORED = " (ignored)";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a malformed marking value", "wal000-bad-marking-value", List.of("WAL000")),
                Arguments.of("a claim on an NFS class", "wal001-nfs-claim", List.of("WAL001")),
                Arguments.of(
                        "another UID on a claim a running pod shares",
                        "wal002-other-uid-on-shared-claim",
                        List.of("WAL002")),
                Arguments.of("a claim of an unknown driver", "wal003-unknown-driver", List.of("WAL003")),
                Arguments.of("a read-only mount", "wal004-read-only-mount", List.of("WAL004")),
                Arguments.of("a database path on no volume", "wal005-path-on-no-volume", List.of("WAL005")),
                Arguments.of("a container whose image decides its UID", "wal006-uid-set-by-image", List.of("WAL006")),
                Arguments.of("a read-only mount the workload ignores", "wal004-ignored", List.of("WAL004 (ignored)")),
                Arguments.of("a marked workload on a block claim", "clean-block-claim", List.of()),
                Arguments.of("an unmarked workload on an NFS claim", "unmarked-nfs-claim", List.of()));
    }

    @ParameterizedTest(name = "{0} gives {2} through scan and the webhook")
    @MethodSource("cases")
    void scanAndWebhookAgree(String description, String caseName, List<String> rules) throws IOException {
        Path file = FIXTURES.resolve(caseName + ".yaml");

        assertThat(scanRules(file)).containsExactlyElementsOf(rules);
        assertThat(webhookRules(file)).containsExactlyElementsOf(rules);
    }

    private static List<String> scanRules(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ScanCommand.run(
                new String[] {
                    "-f", file.toString(), "--cluster-state", "examples/cluster", "-o", "json", "--fail-on", "none"
                },
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(code).isZero();
        JsonNode report = JSON.readTree(out.toByteArray());
        TreeSet<String> rules = new TreeSet<>();
        report.path("findings")
                .forEach(f -> rules.add(
                        f.path("rule").asText() + (f.path("ignoreReason").isNull() ? "" : IGNORED)));
        return List.copyOf(rules);
    }

    /** Wraps the manifest in a CREATE AdmissionReview as kube-apiserver would and reads auditAnnotations. */
    private static List<String> webhookRules(Path file) throws IOException {
        JsonNode object = YAML.readTree(file.toFile());
        String[] groupVersion = object.path("apiVersion").asText().split("/");
        String group = groupVersion.length == 2 ? groupVersion[0] : "";
        String version = groupVersion[groupVersion.length - 1];
        String kind = object.path("kind").asText();
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", UUID.randomUUID().toString());
        request.set("kind", JSON.valueToTree(Map.of("group", group, "version", version, "kind", kind)));
        request.set(
                "resource",
                JSON.valueToTree(Map.of("group", group, "version", version, "resource", kind.toLowerCase() + "s")));
        request.put("name", object.path("metadata").path("name").asText());
        request.put("namespace", object.path("metadata").path("namespace").asText());
        request.put("operation", "CREATE");
        request.set("userInfo", JSON.valueToTree(Map.of("username", "ci", "groups", List.of("system:authenticated"))));
        request.set("object", object);
        request.putNull("oldObject");
        request.put("dryRun", false);

        JsonPath response = given().contentType("application/json")
                .body(JSON.writeValueAsBytes(review))
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        TreeSet<String> rules = new TreeSet<>();
        String findings = response.getString("response.auditAnnotations.findings");
        if (findings != null) {
            rules.addAll(Arrays.asList(findings.split(",")));
        }
        String ignored = response.getString("response.auditAnnotations.ignored");
        if (ignored != null) {
            Arrays.stream(ignored.split(",")).forEach(r -> rules.add(r + IGNORED));
        }
        return List.copyOf(rules);
    }
}
