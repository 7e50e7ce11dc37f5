package dev.walguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code scan} run in-process on fixture manifests: output and exit codes, exactly. */
class ScanCommandTest {

    private static final Path DIR = Path.of("src/test/resources/dev/walguard/cli/ScanCommandTest");
    private static final String APP = DIR.resolve("app.yaml").toString();
    private static final String WEB_WAL001 = "WAL001 violation: Deployment shop/web container web cannot keep a "
            + "SQLite WAL database on volume \"data\" (claim data, StorageClass files, driver nfs.csi.k8s.io) because "
            + "it is a network filesystem: driver nfs.csi.k8s.io serves NFS (csi-driver-nfs). Its hosts do not "
            + "share the memory-mapped, fcntl-locked -shm wal-index, so the database corrupts. Volume \"data\" is checked because no walguard.dev/volumes or "
            + "walguard.dev/paths annotation narrows the scope. Fix: Name the database volumes in "
            + "walguard.dev/volumes or walguard.dev/paths, or use a "
            + "ReadWriteOnce claim on a block or local StorageClass.";

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {}

    static Run scan(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScanCommand.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void textOutputGroupsFindingsByWorkloadAndViolationsExitWith1() {
        Run run = scan("", "-f", APP);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out())
                .isEqualTo("Deployment shop/web (" + APP + ":22)\n  " + WEB_WAL001 + "\n"
                        + "walguard: 1 violation, 0 warnings in 1 of 1 workload\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void storageObjectsInTheInputFormTheClusterStateAndOtherKindsAreIgnored() {
        // app.yaml holds a Namespace, StorageClass, PVC, Service and an unknown Widget besides the Deployment.
        Run run = scan("", "-f", APP, "-o", "json");

        assertThat(run.out()).contains("\"workloads\" : 1");
    }

    @Test
    void failOnNoneNeverFails() {
        assertThat(scan("", "-f", APP, "--fail-on", "none").code()).isZero();
    }

    @Test
    void warningsFailOnlyWithFailOnWarning() {
        String tree = DIR.resolve("tree").toString();

        assertThat(scan("", "-f", tree, "-n", "shop").code()).isZero();
        assertThat(scan("", "-f", tree, "-n", "shop", "--fail-on", "warning").code())
                .isEqualTo(1);
    }

    @Test
    void aDirectoryTreeIsReadRecursivelyAndNamespaceFillsObjectsWithout() {
        Path tree = DIR.resolve("tree");

        Run run = scan("", "-f", tree.toString(), "-n", "shop");

        // Files are read in path order: nested/viewer.yml before report.yaml.
        assertThat(run.out())
                .isEqualTo("Deployment shop/viewer (" + tree.resolve("nested/viewer.yml") + ":1)\n"
                        + "  WAL004 warning: Deployment shop/viewer container viewer cannot read the SQLite WAL database on "
                        + "volume \"db\" reliably because the volumeMount sets readOnly: true, and WAL readers need write "
                        + "access to -shm. Fix: Mount the volume read-write, or open the database with immutable=1 if it "
                        + "never changes.\n"
                        + "CronJob shop/report (" + tree.resolve("report.yaml") + ":2)\n"
                        + "  WAL003 warning: CronJob shop/report container report cannot be checked for SQLite WAL safety on "
                        + "volume \"db\" (claim reports) because claim reports does not exist in namespace shop. Volume \"db\" is checked because no walguard.dev/volumes or "
                        + "walguard.dev/paths annotation narrows the scope. Fix: Name the database volumes in "
                        + "walguard.dev/volumes or walguard.dev/paths, or use a "
                        + "StorageClass walguard knows, or annotate the PV or StorageClass with walguard.dev/storage-type: "
                        + "block|local|network.\n"
                        + "walguard: 0 violations, 2 warnings in 2 of 2 workloads\n");
    }

    @Test
    void aListIsReadAndAClaimTemplateOnABlockClassIsClean() {
        Run run = scan("", "-f", DIR.resolve("list.json").toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("walguard: 0 violations, 0 warnings in 0 of 1 workload\n");
    }

    @Test
    void standardInputIsReadWithDash() throws IOException {
        Run run = scan(Files.readString(Path.of(APP)), "-f", "-");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).startsWith("Deployment shop/web (-:22)\n  WAL001 violation: ");
    }

    @Test
    void jsonOutputIsAStableListOfFindings() throws IOException {
        Run run = scan("", "-f", APP, "-o", "json");

        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("version").asInt()).isEqualTo(1);
        JsonNode f = report.path("findings").get(0);
        assertThat(f.path("rule").asText()).isEqualTo("WAL001");
        assertThat(f.path("ruleName").asText()).isEqualTo("network-filesystem");
        assertThat(f.path("severity").asText()).isEqualTo("violation");
        assertThat(f.path("workload").toString())
                .isEqualTo("{\"kind\":\"Deployment\",\"namespace\":\"shop\"," + "\"name\":\"web\"}");
        assertThat(f.path("volume").asText()).isEqualTo("data");
        assertThat(f.path("claim").asText()).isEqualTo("data");
        assertThat(f.path("storageClass").asText()).isEqualTo("files");
        assertThat(f.path("driver").asText()).isEqualTo("nfs.csi.k8s.io");
        assertThat(f.path("containers").toString()).isEqualTo("[\"web\"]");
        assertThat("WAL001 violation: " + f.path("reason").asText() + " Fix: "
                        + f.path("fix").asText())
                .isEqualTo(WEB_WAL001);
        assertThat(f.path("source").toString()).isEqualTo("{\"file\":\"" + APP + "\",\"document\":4,\"line\":22}");
        assertThat(report.path("summary").toString())
                .isEqualTo("{\"workloads\":1,\"violations\":1,\"warnings\":0,\"ignored\":0}");
    }

    @Test
    void sarifPointsAtTheManifestLine() throws IOException {
        Run run = scan("", "-f", APP, "-o", "sarif");

        JsonNode sarif = new ObjectMapper().readTree(run.out());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        JsonNode tool = sarif.path("runs").get(0).path("tool").path("driver");
        assertThat(tool.path("name").asText()).isEqualTo("walguard");
        assertThat(tool.path("rules")).hasSize(9);
        JsonNode result = sarif.path("runs").get(0).path("results").get(0);
        assertThat(result.path("ruleId").asText()).isEqualTo("WAL001");
        assertThat(result.path("ruleIndex").asInt()).isEqualTo(1);
        assertThat(result.path("level").asText()).isEqualTo("error");
        JsonNode location = result.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo(APP);
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(22);
        assertThat(run.code()).isEqualTo(1);
    }

    @Test
    void workloadsDeployedTogetherArePartiesToEachOthersClaims() throws IOException {
        Run run = scan("", "-f", DIR.resolve("shared-claim.yaml").toString(), "-n", "team", "-o", "json");

        JsonNode findings = new ObjectMapper().readTree(run.out()).path("findings");
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0).path("rule").asText()).isEqualTo("WAL002");
        assertThat(findings.get(0).path("containers").toString()).isEqualTo("[\"writer\",\"team/reader-scan/reader\"]");
        assertThat(findings.get(1).path("containers").toString()).isEqualTo("[\"reader\",\"team/writer-scan/writer\"]");
        assertThat(run.code()).isEqualTo(1);
    }

    @Test
    void malformedYamlExitsWith2NamingFileAndDocument() {
        String broken = DIR.resolve("broken.yaml").toString();

        Run run = scan("", "-f", broken);

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("walguard scan: " + broken + " document 2 is not valid YAML/JSON: ");
    }

    @Test
    void aWorkloadWithANullContainerExitsWith2NamingFileAndDocument() {
        String file = DIR.resolve("null-container.yaml").toString();

        Run run = scan("", "-f", file);

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("walguard scan: " + file + " document 2 (Deployment broken) cannot be read: "
                        + "a list has a null entry at spec.template.spec.containers[0]\n");
    }

    @Test
    void aMissingFileExitsWith2() {
        Run run = scan("", "-f", "no/such/file.yaml");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("walguard scan: no/such/file.yaml does not exist\n");
    }

    @Test
    void usageErrorsExitWith2AndPrintUsage() {
        Run run = scan("", "--output", "xml", "-f", APP);

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("walguard scan: Invalid value for option '--output': expected one of "
                        + "[text, json, sarif] (case-insensitive) but was 'xml'\nUsage: scan ");
    }

    @Test
    void withoutFilenameItIsAUsageError() {
        Run run = scan("");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).startsWith("walguard scan: Missing required option: '--filename=FILE|DIR|-'");
    }
}
