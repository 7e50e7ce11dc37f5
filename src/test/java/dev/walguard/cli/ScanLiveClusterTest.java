package dev.walguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --kubeconfig} reads storage from a live cluster (the fabric8 mock API server), read-only. */
class ScanLiveClusterTest {

    private KubernetesMockServer server;
    private KubernetesClient admin;
    private final java.util.Properties saved = new java.util.Properties();

    /**
     * fabric8 lets kubernetes.* system properties override a kubeconfig, and Quarkus tests that ran earlier in this
     * JVM leave theirs (pointing at their own, stopped, mock server); a CLI user's JVM has none.
     */
    @BeforeEach
    void clearKubernetesSystemProperties() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("kubernetes.")) {
                saved.setProperty(key, System.getProperty(key));
                System.clearProperty(key);
            }
        }
    }

    @AfterEach
    void restoreKubernetesSystemProperties() {
        saved.stringPropertyNames().forEach(k -> System.setProperty(k, saved.getProperty(k)));
    }

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()),
                false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
        admin.storage()
                .v1()
                .storageClasses()
                .resource(new StorageClassBuilder()
                        .withNewMetadata()
                        .withName("files")
                        .endMetadata()
                        .withProvisioner("efs.csi.aws.com")
                        .build())
                .create();
        admin.persistentVolumeClaims()
                .inNamespace("team")
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("reports")
                        .withNamespace("team")
                        .endMetadata()
                        .withNewSpec()
                        .withStorageClassName("files")
                        .withAccessModes("ReadWriteMany")
                        .endSpec()
                        .build())
                .create();
    }

    @AfterEach
    void stop() {
        admin.close();
        server.destroy();
    }

    @Test
    void storageComesFromTheClusterTheKubeconfigNames(@TempDir Path dir) throws IOException {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "http://127.0.0.1:%d"}
                users:
                - name: ci
                  user: {token: not-checked}
                contexts:
                - name: mock
                  context: {cluster: mock, user: ci, namespace: team}
                current-context: mock
                """.formatted(server.getPort()));
        int before = server.getRequestCount();

        ScanCommandTest.Run run = ScanCommandTest.scan(
                "",
                "-f",
                "src/test/resources/dev/walguard/cli/ScanCommandTest/tree/report.yaml",
                "-n",
                "team",
                "-o",
                "json",
                "--kubeconfig",
                kubeconfig.toString(),
                "--context",
                "mock");

        // The CronJob's claim "reports" is not in the input: the cluster's claim and class decide (EFS).
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out())
                .contains(
                        "\"rule\" : \"WAL001\"",
                        "\"claim\" : \"reports\"",
                        "\"storageClass\" : \"files\"",
                        "\"driver\" : \"efs.csi.aws.com\"",
                        "\"violations\" : 1");
        // Seven kinds, and the node agent's NodeObservations (absent here: 404, no objects).
        assertThat(server.getRequestCount() - before).isEqualTo(8);
    }
}
