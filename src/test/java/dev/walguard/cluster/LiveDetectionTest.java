package dev.walguard.cluster;

import static dev.walguard.cluster.Fixtures.claim;
import static dev.walguard.cluster.Fixtures.deployment;
import static dev.walguard.cluster.Fixtures.namespace;
import static dev.walguard.cluster.Fixtures.review;
import static dev.walguard.cluster.Fixtures.storageClass;
import static dev.walguard.http.Webhook.admit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walguard.http.Management;
import dev.walguard.policy.ClusterView;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live view keeps unannotated pods that run a catalogued image, with the env that decides whether they use
 * SQLite, so a detected pod on a claim is a party of a marked workload's WAL002 check (mock API server).
 */
@QuarkusTest
@TestProfile(LiveClusterViewTest.Live.class)
@WithKubernetesTestServer(crud = true)
class LiveDetectionTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterView view;

    /** An unannotated, running Sonarr pod (uid 2000) with the claim at /config, and extra env. */
    private static Pod sonarr(String name, String claim, List<EnvVar> env) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("media")
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNewSecurityContext()
                .withRunAsUser(2000L)
                .endSecurityContext()
                .addNewContainer()
                .withName("sonarr")
                .withImage("lscr.io/linuxserver/sonarr:4.0.9")
                .withEnv(env)
                .addNewVolumeMount()
                .withName("config")
                .withMountPath("/config")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("config")
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
    }

    @Test
    void aDetectedPodOnTheClaimIsAPartyUnlessItsEnvSwitchesToPostgres() {
        KubernetesClient client = server.getClient();
        await().atMost(BOUND)
                .untilAsserted(
                        () -> Management.given().get("/q/health/ready").then().statusCode(200));
        client.namespaces().resource(namespace("media", Map.of())).create();
        client.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("block", "ebs.csi.aws.com"))
                .create();
        client.persistentVolumeClaims()
                .inNamespace("media")
                .resource(claim("media", "sonarr-config", "block"))
                .create();
        // A marked backup Deployment (uid 1000) on Sonarr's claim.
        Deployment backup = deployment("media", "backup", "sonarr-config", 1000);
        String review = review(backup);
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("PUID", "1000", null));
        client.pods()
                .inNamespace("media")
                .resource(sonarr("sonarr", "sonarr-config", env))
                .create();

        await().atMost(BOUND).untilAsserted(() -> {
            List<Pod> cached = view.podsMountingClaim("media", "sonarr-config");
            assertThat(cached).hasSize(1);
            assertThat(cached.get(0).getSpec().getContainers().get(0).getImage())
                    .isEqualTo("lscr.io/linuxserver/sonarr:4.0.9");
            JsonPath denied = admit(review);
            assertThat(denied.getBoolean("response.allowed")).isFalse();
            assertThat(denied.getString("response.auditAnnotations.findings")).isEqualTo("WAL002");
            assertThat(denied.getString("response.status.message"))
                    .startsWith("WAL002 Deployment media/backup cannot share the SQLite WAL database on volume"
                            + " \"data\" (claim sonarr-config, StorageClass block, driver ebs.csi.aws.com) between"
                            + " container app (uid 1000) and pod media/sonarr container sonarr (uid 2000)");
        });

        // Sonarr on PostgreSQL keeps no database on the claim: the cache keeps the deciding env, so it is no party.
        client.pods().inNamespace("media").withName("sonarr").delete();
        env.add(new EnvVar("Sonarr__Postgres__Host", "postgres.media.svc", null));
        client.pods()
                .inNamespace("media")
                .resource(sonarr("sonarr-pg", "sonarr-config", env))
                .create();
        await().atMost(BOUND).untilAsserted(() -> {
            List<Pod> cached = view.podsMountingClaim("media", "sonarr-config");
            assertThat(cached).hasSize(1);
            assertThat(cached.get(0).getSpec().getContainers().get(0).getEnv())
                    .extracting(EnvVar::getName, EnvVar::getValue)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("Sonarr__Postgres__Host", "postgres.media.svc"));
            JsonPath allowed = admit(review);
            assertThat(allowed.getBoolean("response.allowed")).isTrue();
            assertThat(allowed.getString("response.auditAnnotations.findings")).isNull();
        });
    }
}
