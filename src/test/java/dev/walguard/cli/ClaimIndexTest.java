package dev.walguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.policy.Mode;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.StoragePatterns;
import dev.walguard.policy.UnknownStorage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Party lookup in a scan goes through the claim index, built once; a claim of one identity answers no one. */
class ClaimIndexTest {

    private static final String CLAIM = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: shared}\n"
            + "spec: {storageClassName: disk}\n";

    private static String workload(String name, long uid) {
        return "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + "}\nspec:\n  template:\n"
                + "    metadata: {annotations: {walguard.dev/sqlite-wal: \"true\"}}\n    spec:\n"
                + "      securityContext: {runAsUser: " + uid + "}\n"
                + "      containers: [{name: app, image: app:1, volumeMounts: [{name: db, mountPath: /db}]}]\n"
                + "      volumes: [{name: db, persistentVolumeClaim: {claimName: shared}}]\n";
    }

    private static String atSubPath(String name, long uid, String subPath) {
        return workload(name, uid).replace("mountPath: /db}", "mountPath: /db, subPath: " + subPath + "}");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> subPaths() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        "workloads at sonarr and radarr of one claim under different UIDs have no findings",
                        atSubPath("sonarr", 1000, "sonarr") + atSubPath("radarr", 2000, "radarr"),
                        List.of()),
                org.junit.jupiter.params.provider.Arguments.of(
                        "workloads at app and app/db of one claim under different UIDs each violate WAL002",
                        atSubPath("app", 1000, "app") + atSubPath("db", 2000, "app/db"),
                        List.of(
                                "Deployment team/app WAL002 violation at subPath app/db",
                                "Deployment team/db WAL002 violation at subPath app/db")));
    }

    /** The index hands every pod of a claim of several identities to the policy, which matches subPaths itself. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("subPaths")
    void subPathsAreMatchedByThePolicyAsInTheWebhook(String description, String workloads, List<String> expected) {
        ScanResult result = scanner().scan(read(CLAIM + workloads), List.of(), "team");

        // The claim's class is not in the input (WAL003 for everyone); the party rules are what this is about.
        assertThat(result.findings().stream()
                        .filter(f -> f.finding().rule() != dev.walguard.policy.RuleId.WAL003)
                        .toList())
                .extracting(f -> f.finding().workload() + " " + f.finding().rule() + " "
                        + f.finding().severity().name().toLowerCase(java.util.Locale.ROOT)
                        + (f.finding().reason().contains(" at subPath app/db ") ? " at subPath app/db" : ""))
                .containsExactlyElementsOf(expected);
    }

    private static Scanner scanner() {
        return new Scanner(new PolicySettings(
                Mode.ENFORCE,
                new HashSet<>(PolicySettings.DEFAULT_EXEMPT),
                UnknownStorage.WARN,
                StoragePatterns.of(List.of(), List.of(), List.of())));
    }

    private static List<ManifestReader.Manifest> read(String yaml) {
        return new ManifestReader()
                .read(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "-");
    }

    @Test
    void aClaimOfOneIdentityAnswersEachLookupWithNoOtherPods() {
        StringBuilder yaml = new StringBuilder(CLAIM);
        for (int i = 0; i < 50; i++) {
            yaml.append(workload("app-" + i, 1000));
        }
        Scanner scanner = scanner();

        ScanResult result = scanner.scan(read(yaml.toString()), List.of(), "team");

        assertThat(result.workloads()).isEqualTo(50);
        assertThat(scanner.lastView.lookups()).isEqualTo(50);
        assertThat(scanner.lastView.podsMountingClaim("team", "shared")).isEmpty();
    }

    @Test
    void aClaimOfSeveralIdentitiesAnswersWithAllItsPodsAndFindingsNameThem() {
        Scanner scanner = scanner();

        ScanResult result = scanner.scan(
                read(CLAIM + workload("a", 1000) + workload("b", 2000) + workload("c", 2000)), List.of(), "team");

        assertThat(scanner.lastView.podsMountingClaim("team", "shared")).hasSize(3);
        List<ScannedFinding> wal002 = result.findings().stream()
                .filter(f -> f.finding().rule() == dev.walguard.policy.RuleId.WAL002)
                .toList();
        assertThat(wal002).hasSize(3);
        assertThat(wal002.get(0).finding().containers()).containsExactly("app", "team/b-scan/app", "team/c-scan/app");
    }

    @Test
    void theSharedClaimFixtureStillGivesBothFindings() {
        Scanner scanner = scanner();

        ScanResult result = scanner.scan(
                new ManifestReader()
                        .read(Path.of("src/test/resources/dev/walguard/cli/ScanCommandTest/shared-claim.yaml")),
                List.of(),
                "team");

        assertThat(result.findings()).hasSize(2);
    }
}
