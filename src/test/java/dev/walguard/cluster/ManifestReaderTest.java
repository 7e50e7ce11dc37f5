package dev.walguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static final Path DIR = Path.of("src/test/resources/dev/walguard/cluster/ManifestReaderTest");
    private final ManifestReader reader = new ManifestReader();

    @Test
    void readsADirectoryTreeWithMultiDocumentFilesListsAndJson() {
        List<ManifestReader.Manifest> manifests = reader.read(DIR.resolve("tree"));

        assertThat(manifests)
                .extracting(m -> (Object) m.object().getClass())
                .containsExactly(
                        StorageClass.class,
                        Namespace.class,
                        PersistentVolumeClaim.class,
                        GenericKubernetesResource.class);
        assertThat(manifests).extracting(ManifestReader.Manifest::document).containsExactly(1, 3, 3, 1);
        assertThat(manifests).extracting(ManifestReader.Manifest::line).containsExactly(1, 7, 7, 1);
        assertThat(manifests.get(3).source()).endsWith("nested/objects.json");
        assertThat(manifests.get(2).object().getMetadata().getNamespace()).isEqualTo("shop");
    }

    @Test
    void malformedYamlNamesTheFileAndDocument() {
        assertThatThrownBy(() -> reader.read(DIR.resolve("broken.yaml")))
                .isInstanceOf(ManifestReader.ManifestException.class)
                .hasMessageStartingWith(DIR.resolve("broken.yaml") + " document 2 is not valid YAML/JSON: ");
    }

    @Test
    void anObjectWithoutKindNamesTheFileAndDocument() {
        assertThatThrownBy(() -> reader.read(DIR.resolve("no-kind.yaml")))
                .hasMessage(DIR.resolve("no-kind.yaml") + " document 1 has no apiVersion or kind");
    }

    @Test
    void aMissingPathIsReported() {
        assertThatThrownBy(() -> reader.read(DIR.resolve("nope"))).hasMessage(DIR.resolve("nope") + " does not exist");
    }

    @Test
    void readsAStream() {
        String yaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\n"
                + "metadata: {name: b}\n";

        List<ManifestReader.Manifest> manifests =
                reader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "-");

        assertThat(manifests)
                .extracting(m -> m.object().getMetadata().getName())
                .containsExactly("a", "b");
        assertThat(manifests).extracting(ManifestReader.Manifest::source).containsOnly("-");
    }

    @Test
    void snapshotIndexesWhatTheRulesLookUp() {
        SnapshotClusterView view = new SnapshotClusterView(reader.read(Path.of("examples/cluster")).stream()
                .map(ManifestReader.Manifest::object)
                .toList());

        assertThat(view.claim("media", "sonarr-config"))
                .get()
                .extracting(c -> c.getSpec().getStorageClassName())
                .isEqualTo("nfs-client");
        assertThat(view.volumeClaimedBy("apps", "static-data"))
                .get()
                .extracting(pv -> pv.getMetadata().getName())
                .isEqualTo("static-nfs-pv");
        assertThat(view.podsMountingClaim("apps", "shared-db"))
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("report-writer-5f7d8c9b6-x2x9q", "db-migrate-28391-abcde");
        assertThat(view.controllerOf("apps", "ReplicaSet", "report-writer-5f7d8c9b6"))
                .get()
                .extracting(o -> o.getKind() + "/" + o.getName())
                .isEqualTo("Deployment/report-writer");
        assertThat(view.namespace("sandbox"))
                .get()
                .extracting(n -> n.getMetadata().getLabels().get("walguard.dev/mode"))
                .isEqualTo("audit");
        assertThat(view.storageClasses()).hasSize(9);
    }

    @Test
    void aStateDirectoryBehindASymlinkIsRead(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        Path link = java.nio.file.Files.createSymbolicLink(
                tmp.resolve("state"), Path.of("examples/cluster").toAbsolutePath());

        assertThat(reader.read(link)).hasSameSizeAs(reader.read(Path.of("examples/cluster")));
    }

    @Test
    void anEmptyStateIsRefusedSoTheWebhookCannotStartOnIt(@org.junit.jupiter.api.io.TempDir Path tmp) {
        assertThatThrownBy(() -> reader.read(tmp))
                .isInstanceOf(ManifestReader.ManifestException.class)
                .hasMessage(tmp + " contains no Kubernetes objects");
    }

    @Test
    void differentDefinitionsOfOneObjectInOneStateAreRefused(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws java.io.IOException {
        java.nio.file.Files.writeString(
                tmp.resolve("a.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n");
        java.nio.file.Files.writeString(
                tmp.resolve("b.yaml"),
                "apiVersion: v1\nkind: Namespace\n" + "metadata: {name: x, labels: {walguard.dev/mode: audit}}\n");

        assertThatThrownBy(() -> reader.read(tmp))
                .hasMessage("two different definitions of Namespace x: "
                        + tmp.resolve("a.yaml") + " document 1 and " + tmp.resolve("b.yaml")
                        + " document 1; walguard does "
                        + "not pick one by file order, remove one of them");
    }

    @Test
    void mergeKeysAreMergedAndWrittenKeysWin() {
        String yaml = "apiVersion: v1\nkind: List\nitems:\n- &base {apiVersion: v1, kind: Namespace, "
                + "metadata: {name: a}}\n- <<: *base\n  metadata: {name: b}\n";

        assertThat(reader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "-"))
                .extracting(m ->
                        m.object().getKind() + "/" + m.object().getMetadata().getName())
                .containsExactly("Namespace/a", "Namespace/b");
    }

    @Test
    void aV1beta1StorageClassIsReadAsTheV1ClassTheRulesLookUp() {
        List<ManifestReader.Manifest> manifests = reader.read(DIR.resolve("v1beta1-storageclass.yaml"));

        assertThat(manifests).singleElement().satisfies(m -> {
            assertThat(m.object()).isInstanceOf(io.fabric8.kubernetes.api.model.storage.StorageClass.class);
            assertThat(m.object().getApiVersion()).isEqualTo("storage.k8s.io/v1");
        });
        SnapshotClusterView view = new SnapshotClusterView(
                manifests.stream().map(ManifestReader.Manifest::object).toList());
        assertThat(view.storageClass("legacy-nfs")).hasValueSatisfying(sc -> {
            assertThat(sc.getProvisioner()).isEqualTo("nfs.csi.k8s.io");
            assertThat(sc.getParameters()).containsEntry("share", "/exports");
        });
    }

    /** Runs as root in CI, where no file is unreadable: the wording is checked here, end to end elsewhere. */
    @Test
    void permissionDeniedAndMissingFilesAreSaidInPlainWords() {
        assertThat(ManifestFiles.reason(new java.nio.file.AccessDeniedException("/state/secret.yaml")))
                .isEqualTo("/state/secret.yaml: permission denied");
        assertThat(ManifestFiles.reason(new java.nio.file.NoSuchFileException("/state/gone.yaml")))
                .isEqualTo("/state/gone.yaml: no such file");
    }
}
