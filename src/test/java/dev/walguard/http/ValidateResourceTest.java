package dev.walguard.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /validate} with AdmissionReviews shaped as kube-apiserver sends them, against the bundled example
 * cluster (examples/cluster). The README's examples/reviews are checked here too, so the demo cannot rot.
 */
@QuarkusTest
class ValidateResourceTest {

    static final Path FIXTURES = Path.of("src/test/resources/dev/walguard/http/ValidateResourceTest");
    static final Path EXAMPLES = Path.of("examples/reviews");

    /** What the AdmissionReview response must say. {@code warnings}: the rule id each warning starts with. */
    record Expected(boolean allowed, Integer code, String findings, String mode, List<String> warnings) {}

    static Stream<Arguments> reviews() {
        return Stream.of(
                Arguments.of(
                        "a Deployment on an NFS class is denied with WAL001",
                        EXAMPLES.resolve("deny-sonarr-nfs.json"),
                        new Expected(false, 403, "WAL001", "enforce", List.of())),
                Arguments.of(
                        "a StatefulSet on an EBS claim template is allowed",
                        EXAMPLES.resolve("allow-gitea-ebs.json"),
                        new Expected(true, null, null, "enforce", List.of())),
                Arguments.of(
                        "an unmarked Deployment is allowed untouched",
                        EXAMPLES.resolve("unmarked-deployment.json"),
                        new Expected(true, null, null, null, List.of())),
                Arguments.of(
                        "the same Deployment unmarked is allowed untouched",
                        EXAMPLES.resolve("unmarked-three-claims.json"),
                        new Expected(true, null, null, null, List.of())),
                Arguments.of(
                        "a Deployment on three block and local claims is allowed",
                        EXAMPLES.resolve("marked-three-claims.json"),
                        new Expected(true, null, null, "enforce", List.of())),
                Arguments.of(
                        "an Azure Files Deployment in an audit namespace is allowed with a warning",
                        EXAMPLES.resolve("audit-homeassistant.json"),
                        new Expected(true, null, "WAL001", "audit", List.of("WAL001"))),
                Arguments.of(
                        "a controller-made Pod with another UID on a shared claim is denied with WAL002",
                        EXAMPLES.resolve("controller-pod-uid-mismatch.json"),
                        new Expected(false, 403, "WAL002", "enforce", List.of())),
                Arguments.of(
                        "scaling a Deployment that already violates is allowed with a warning",
                        EXAMPLES.resolve("update-scale-sonarr.json"),
                        new Expected(true, null, "WAL001", "enforce", List.of("WAL001"))),
                Arguments.of(
                        "Jellyfin with its NFS media library mounted read-only is allowed",
                        EXAMPLES.resolve("allow-jellyfin-readonly-nfs-media.json"),
                        new Expected(true, null, null, "enforce", List.of())),
                Arguments.of(
                        "an init container that chowns the config as root before the app is allowed",
                        EXAMPLES.resolve("allow-prowlarr-init-chown.json"),
                        new Expected(true, null, null, "enforce", List.of())),
                Arguments.of(
                        "an app at its own subPath of a claim radarr uses as another UID is allowed",
                        EXAMPLES.resolve("allow-sonarr-subpath-beside-radarr.json"),
                        new Expected(true, null, null, "enforce", List.of())),
                Arguments.of(
                        "another UID below radarr's subPath of the claim is denied with WAL002",
                        EXAMPLES.resolve("deny-radarr-backup-under-radarr-subpath.json"),
                        new Expected(false, 403, "WAL002", "enforce", List.of())),
                Arguments.of(
                        "a hostPath that a node agent saw on an NFS mount of a node is denied with WAL001",
                        EXAMPLES.resolve("deny-bazarr-hostpath-on-nas.json"),
                        new Expected(false, 403, "WAL001", "enforce", List.of())),
                Arguments.of(
                        "a litestream native sidecar on a claim template of the default class is allowed",
                        EXAMPLES.resolve("allow-linkding-litestream-sidecar.json"),
                        new Expected(true, null, null, "enforce", List.of())),
                Arguments.of(
                        "a DELETE with a null object is allowed without evaluation",
                        EXAMPLES.resolve("delete-sonarr.json"),
                        new Expected(true, null, null, null, List.of())),
                Arguments.of(
                        "a v1beta1 review is decided the same and answered in v1beta1",
                        FIXTURES.resolve("v1beta1-deny-sonarr.json"),
                        new Expected(false, 403, "WAL001", "enforce", List.of())),
                Arguments.of(
                        "a dryRun review is decided the same",
                        FIXTURES.resolve("dryrun-deny-sonarr.json"),
                        new Expected(false, 403, "WAL001", "enforce", List.of())),
                Arguments.of(
                        "a status subresource update is allowed without evaluation",
                        FIXTURES.resolve("pod-status-subresource.json"),
                        new Expected(true, null, null, null, List.of())),
                Arguments.of(
                        "an Argo Rollout on an NFS claim is denied like a Deployment",
                        FIXTURES.resolve("argo-rollout-on-nfs.json"),
                        new Expected(false, 403, "WAL001", "enforce", List.of())),
                Arguments.of(
                        "a CronJob on an EFS claim is denied",
                        FIXTURES.resolve("cronjob-on-efs.json"),
                        new Expected(false, 403, "WAL001", "enforce", List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reviews")
    void answersEveryWellFormedReviewWith200(String description, Path file, Expected expected) throws IOException {
        JsonPath request = JsonPath.from(Files.readString(file));

        JsonPath response =
                post(Files.readAllBytes(file)).then().statusCode(200).extract().jsonPath();

        assertThat(response.getString("apiVersion")).isEqualTo(request.getString("apiVersion"));
        assertThat(response.getString("kind")).isEqualTo("AdmissionReview");
        assertThat(response.getString("response.uid")).isEqualTo(request.getString("request.uid"));
        assertThat(response.getBoolean("response.allowed")).isEqualTo(expected.allowed());
        assertThat(response.<Integer>get("response.status.code")).isEqualTo(expected.code());
        if (!expected.allowed()) {
            assertThat(response.getString("response.status.reason")).isEqualTo("Forbidden");
            assertThat(response.getString("response.status.message")).startsWith(expected.findings() + " ");
        }
        Map<String, String> audit = response.getMap("response.auditAnnotations");
        assertThat(audit == null ? null : audit.get("findings")).isEqualTo(expected.findings());
        assertThat(audit == null ? null : audit.get("mode")).isEqualTo(expected.mode());
        List<String> warnings = response.getList("response.warnings", String.class);
        assertThat(
                        warnings == null
                                ? List.of()
                                : warnings.stream().map(w -> w.substring(0, 6)).toList())
                .containsExactlyElementsOf(expected.warnings());
    }

    @org.junit.jupiter.api.Test
    void denialNamesWorkloadContainerVolumeClaimClassAndDriverAndSaysHowToFix() throws IOException {
        post(Files.readAllBytes(EXAMPLES.resolve("deny-sonarr-nfs.json")))
                .then()
                .statusCode(200)
                .body(
                        "response.status.message",
                        equalTo("WAL001 Deployment media/sonarr container sonarr cannot "
                                + "keep a SQLite WAL database on volume \"config\" (claim sonarr-config, StorageClass "
                                + "nfs-client, driver nfs.csi.k8s.io) because it is a network filesystem: driver "
                                + "nfs.csi.k8s.io serves NFS (csi-driver-nfs). Its hosts do not share the memory-mapped, "
                                + "fcntl-locked -shm wal-index, so the database corrupts. Fix: Use a ReadWriteOnce claim on a "
                                + "block or local StorageClass such as \"ebs-gp3\" or \"ceph-block\"."))
                .body("response.warnings", nullValue());
    }

    @org.junit.jupiter.api.Test
    void aHostPathOnTheNasIsDeniedWithWhatTheNodeAgentSaw() throws IOException {
        post(Files.readAllBytes(EXAMPLES.resolve("deny-bazarr-hostpath-on-nas.json")))
                .then()
                .statusCode(200)
                .body(
                        "response.status.message",
                        equalTo("WAL001 Deployment media/bazarr container bazarr cannot keep a SQLite WAL database on "
                                + "volume \"config\" because it is a network filesystem: observed on node worker-1 (the "
                                + "pod may be scheduled there): nfs4 from nas.storage.lan:/volume1/k8s, mounted at "
                                + "/mnt/nas, holds host path /mnt/nas/appdata/bazarr. Its hosts do not share the "
                                + "memory-mapped, fcntl-locked -shm wal-index, so the database corrupts. Volume "
                                + "\"config\" is checked because no walguard.dev/volumes or walguard.dev/paths "
                                + "annotation narrows the scope. Fix: Name the database volumes in walguard.dev/volumes "
                                + "or walguard.dev/paths, or keep the data in a host directory on a local disk of the "
                                + "node, or use a ReadWriteOnce claim on a block or local StorageClass such as "
                                + "\"ebs-gp3\" or \"ceph-block\"."));
    }

    @org.junit.jupiter.api.Test
    void theBackupBelowRadarrsSubPathIsNamedWithTheSubPathTheyShare() throws IOException {
        post(Files.readAllBytes(EXAMPLES.resolve("deny-radarr-backup-under-radarr-subpath.json")))
                .then()
                .statusCode(200)
                .body(
                        "response.status.message",
                        equalTo("WAL002 Deployment media/radarr-backup-sync cannot share the SQLite WAL database on "
                                + "volume \"config\" (claim arr-config, StorageClass longhorn, driver driver.longhorn.io) "
                                + "at subPath radarr/Backups between container app (uid 2000) and pod "
                                + "media/radarr-6b9f7c8d54-k7wq2 container app (uid 1000) because they run as different "
                                + "UIDs with no common group: -shm and -wal belong to whoever opens the database first, "
                                + "and the others fail with SQLITE_READONLY. Volume \"config\" is checked because no "
                                + "walguard.dev/volumes or walguard.dev/paths annotation narrows the scope. Fix: Name "
                                + "the database volumes in walguard.dev/volumes or walguard.dev/paths, or run every "
                                + "container that opens the database with the same runAsUser, or give them all a "
                                + "common fsGroup or supplemental group."));
    }

    @org.junit.jupiter.api.Test
    void controllerMadePodWithoutNameOrNamespaceIsNamedByItsPrefixAndRequestNamespace() throws IOException {
        post(Files.readAllBytes(EXAMPLES.resolve("controller-pod-uid-mismatch.json")))
                .then()
                .statusCode(200)
                .body(
                        "response.status.message",
                        equalTo("WAL002 Pod apps/metrics-exporter-6c8d7b5f4-* cannot share "
                                + "the SQLite WAL database on volume \"data\" (claim shared-db, StorageClass local-path, "
                                + "driver rancher.io/local-path) between container exporter (uid 65534) and pod "
                                + "apps/report-writer-5f7d8c9b6-x2x9q container report-writer (uid 1000) because they run as "
                                + "different UIDs with no common group: -shm and -wal belong to whoever opens the database "
                                + "first, and the others fail with SQLITE_READONLY. Volume \"data\" is checked because no walguard.dev/volumes or "
                                + "walguard.dev/paths annotation narrows the scope. Fix: Name the database volumes in "
                                + "walguard.dev/volumes or walguard.dev/paths, or run every container that opens the "
                                + "database with the same runAsUser, or give them all a common fsGroup or supplemental "
                                + "group."));
    }

    @org.junit.jupiter.api.Test
    void aReviewWithoutRequestNamespaceUsesTheObjectsNamespace() throws IOException {
        String body = Files.readString(EXAMPLES.resolve("deny-sonarr-nfs.json"))
                .replaceFirst("\"namespace\": \"media\",\\s*\"operation\"", "\"operation\"");
        assertThat(body).doesNotContain("\"namespace\": \"media\",\n    \"operation\"");

        post(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .then()
                .statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", org.hamcrest.Matchers.startsWith("WAL001 Deployment media/sonarr "));
    }

    static Response post(byte[] body) {
        return given().contentType("application/json").body(body).when().post("/validate");
    }
}
