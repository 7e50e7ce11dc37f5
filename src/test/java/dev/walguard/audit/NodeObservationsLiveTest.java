package dev.walguard.audit;

import static dev.walguard.cluster.Fixtures.claim;
import static dev.walguard.cluster.Fixtures.namespace;
import static dev.walguard.cluster.Fixtures.pod;
import static dev.walguard.cluster.Fixtures.review;
import static dev.walguard.cluster.Fixtures.storageClass;
import static dev.walguard.http.Webhook.admit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walguard.cluster.NodeObservationKind;
import dev.walguard.http.Management;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The node agent's observations as the webhook and the audit read them from the API server (fabric8 CRUD mock, with
 * {@code walguard.node-observations=true}): a NodeObservation appears, admission denies a bound pod's hostPath on
 * its NFS mount, the audit reports the live WAL database the agent found on an unmarked pod's EBS-classed claim as
 * WAL008; once the observation expires, both stop.
 */
@QuarkusTest
@TestProfile(NodeObservationsLiveTest.Live.class)
@WithKubernetesTestServer(crud = true, setup = NodeObservationsLiveTest.Seed.class)
class NodeObservationsLiveTest {

    public static class Live implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "walguard.cluster-state", "",
                    "%test.walguard.cluster-state", "",
                    "walguard.audit.lease-namespace", "walguard",
                    "walguard.audit.interval", "1s",
                    "walguard.node-observations", "true");
        }
    }

    public static class Seed implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient c = server.getClient();
            c.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(MockServers.policyReportCrd())
                    .create();
            c.namespaces().resource(namespace("media", Map.of())).create();
            c.namespaces().resource(namespace("walguard", Map.of())).create();
            c.storage()
                    .v1()
                    .storageClasses()
                    .resource(storageClass("gp3", "ebs.csi.aws.com"))
                    .create();
            var data = claim("media", "sonarr-config", "gp3");
            data.getSpec().setVolumeName("pvc-5b1d");
            c.persistentVolumeClaims().inNamespace("media").resource(data).create();
            c.persistentVolumes().resource(ebsVolume()).create();
        }
    }

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final String NODE = "worker-1";

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void observationsDenyAndReportUntilTheyExpire() {
        KubernetesClient c = server.getClient();
        await().atMost(BOUND)
                .untilAsserted(
                        () -> Management.given().get("/q/health/ready").then().statusCode(200));
        // An unmarked, running Sonarr pod without a controller on the claim.
        Pod sonarr = pod("media", "sonarr", "sonarr-config", 1000, null);
        sonarr.getMetadata().setAnnotations(null);
        sonarr.getSpec().setNodeName(NODE);
        String uid = c.pods()
                .inNamespace("media")
                .resource(sonarr)
                .create()
                .getMetadata()
                .getUid();
        assertThat(uid).isNotBlank();
        String hostPathPod = review(hostPathPod("/mnt/nas/apps/sonarr"));

        assertThat(admit(hostPathPod).getBoolean("response.allowed")).isTrue();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        c.genericKubernetesResources(NodeObservationKind.CONTEXT)
                .resource(observation(uid, now.minusSeconds(10), now.plusSeconds(900)))
                .create();

        await().atMost(BOUND).untilAsserted(() -> {
            JsonPath denied = admit(hostPathPod);
            assertThat(denied.getBoolean("response.allowed")).isFalse();
            assertThat(denied.getString("response.auditAnnotations.findings")).isEqualTo("WAL001");
            assertThat(denied.getString("response.status.message"))
                    .contains("because it is a network filesystem: observed on node worker-1: nfs4 from "
                            + "nas.lan:/volume1/k8s, mounted at /mnt/nas, holds host path /mnt/nas/apps/sonarr.");
        });
        await().atMost(BOUND).untilAsserted(() -> {
            GenericKubernetesResource report = MockServers.policyReport(c, "media");
            assertThat(report).isNotNull();
            assertThat(MockServers.results(report)).containsExactly("fail WAL008 Pod/sonarr");
            String message = report.<List<Map<String, Object>>>get("results")
                    .get(0)
                    .get("message")
                    .toString();
            assertThat(message)
                    .startsWith("WAL008 Pod media/sonarr cannot keep its SQLite WAL database \"sonarr.db\" on volume"
                            + " \"data\" (claim sonarr-config, StorageClass gp3) because it is a network filesystem, "
                            + "observed on node worker-1: nfs4 from fs-0123.efs.us-east-1.amazonaws.com:/ (pod "
                            + "sonarr).");
        });

        // The agent stopped: the same observation, expired, decides nothing.
        c.genericKubernetesResources(NodeObservationKind.CONTEXT)
                .resource(observation(uid, now.minusSeconds(3600), now.minusSeconds(1)))
                .update();
        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(admit(hostPathPod).getBoolean("response.allowed")).isTrue();
            GenericKubernetesResource report = MockServers.policyReport(c, "media");
            assertThat(report == null ? List.of() : MockServers.results(report))
                    .doesNotContain("fail WAL008 Pod/sonarr");
        });
    }

    /** A marked pod bound to worker-1 with its data in a host directory. */
    private static Pod hostPathPod(String path) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("media")
                .withName("radarr")
                .withAnnotations(Map.of("walguard.dev/sqlite-wal", "true"))
                .endMetadata()
                .withNewSpec()
                .withNodeName(NODE)
                .addNewContainer()
                .withName("radarr")
                .withImage("lscr.io/linuxserver/radarr:5")
                .addNewVolumeMount()
                .withName("config")
                .withMountPath("/config")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("config")
                .withNewHostPath()
                .withPath(path)
                .endHostPath()
                .endVolume()
                .endSpec()
                .build();
    }

    private static PersistentVolume ebsVolume() {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName("pvc-5b1d")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("gp3")
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteOnce")
                .withNewCsi()
                .withDriver("ebs.csi.aws.com")
                .withVolumeHandle("vol-0a1b")
                .endCsi()
                .withNewClaimRef()
                .withNamespace("media")
                .withName("sonarr-config")
                .endClaimRef()
                .endSpec()
                .build();
    }

    /** As the agent publishes it: the claim's volume on EFS with a WAL database, and an NFS mount of the node. */
    private static GenericKubernetesResource observation(String podUid, Instant observedAt, Instant expiresAt) {
        GenericKubernetesResource o = new GenericKubernetesResourceBuilder()
                .withApiVersion(NodeObservationKind.API_VERSION)
                .withKind(NodeObservationKind.KIND)
                .withNewMetadata()
                .withName(NODE)
                .endMetadata()
                .build();
        o.setAdditionalProperty(
                "status",
                Map.of(
                        "node", NODE,
                        "observedAt", observedAt.toString(),
                        "expiresAt", expiresAt.toString(),
                        "rescanIntervalSeconds", 300,
                        "complete", true,
                        "volumes",
                                List.of(Map.of(
                                        "podUid", podUid,
                                        "volume", "pvc-5b1d",
                                        "plugin", "kubernetes.io~csi",
                                        "fsType", "nfs4",
                                        "source", "fs-0123.efs.us-east-1.amazonaws.com:/",
                                        "storage", "network",
                                        "databases", List.of(Map.of("path", "sonarr.db", "wal", true)))),
                        "networkMounts",
                                List.of(Map.of(
                                        "mountPoint", "/mnt/nas",
                                        "fsType", "nfs4",
                                        "source", "nas.lan:/volume1/k8s",
                                        "storage", "network"))));
        return o;
    }
}
