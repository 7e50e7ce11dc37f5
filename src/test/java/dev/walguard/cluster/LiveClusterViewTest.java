package dev.walguard.cluster;

import static dev.walguard.cluster.Fixtures.claim;
import static dev.walguard.cluster.Fixtures.deployment;
import static dev.walguard.cluster.Fixtures.namespace;
import static dev.walguard.cluster.Fixtures.nfsVolumeFor;
import static dev.walguard.cluster.Fixtures.pod;
import static dev.walguard.cluster.Fixtures.replicaSet;
import static dev.walguard.cluster.Fixtures.review;
import static dev.walguard.cluster.Fixtures.storageClass;
import static dev.walguard.http.Webhook.admit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walguard.admission.Handlers;
import dev.walguard.http.Management;
import dev.walguard.policy.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook on the live cluster view, against the Quarkus-managed fabric8 mock API server (CRUD mode): objects
 * created, changed and deleted after start change decisions; no admission calls the API server. Each test works on
 * objects of its own (only the seed is shared, and only replacingTheStorageClassFlipsTheDecision changes it), so
 * they pass in any order. An outage after sync is in {@link LiveClusterViewOutageAfterSyncTest}: it stops the server.
 */
@QuarkusTest
@TestProfile(LiveClusterViewTest.Live.class)
@WithKubernetesTestServer(crud = true, setup = LiveClusterViewTest.Seed.class)
class LiveClusterViewTest {

    /** No offline cluster state: {@code walguard.cluster-state} is empty, which SmallRye Config treats as unset. */
    public static class Live implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The background audit (leader election, reports, events) would call the API server; see AuditLiveTest.
            return Map.of(
                    "walguard.cluster-state",
                    "",
                    "%test.walguard.cluster-state",
                    "",
                    "walguard.audit.enabled",
                    "false");
        }
    }

    /** State present before the application starts, so the informers find it in their first list. */
    public static class Seed implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient c = server.getClient();
            c.namespaces().resource(namespace("apps", Map.of())).create();
            c.storage()
                    .v1()
                    .storageClasses()
                    .resource(storageClass("fast", "ebs.csi.aws.com"))
                    .create();
            c.persistentVolumeClaims()
                    .inNamespace("apps")
                    .resource(claim("apps", "data", "fast"))
                    .create();
        }
    }

    private static final Duration BOUND = Duration.ofSeconds(10);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterView view;

    private KubernetesClient client;

    @BeforeEach
    void ready() {
        client = server.getClient();
        await().atMost(BOUND)
                .untilAsserted(
                        () -> Management.given().get("/q/health/ready").then().statusCode(200));
    }

    private static String findings(JsonPath r) {
        return r.getString("response.auditAnnotations.findings");
    }

    @Test
    void theLiveViewIsUsedAndReadyOnceSynced() {
        assertThat(view).isInstanceOf(LiveClusterView.class);
        LiveClusterView live = (LiveClusterView) view;
        assertThat(live.synced()).isTrue();
        JsonPath health = Management.given()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'cluster-view' }.data.source"))
                .isEqualTo("live");
        // The same check that OfflineClusterViewTest uses to show that offline mode creates no client.
        assertThat(OfflineClusterViewTest.createdBeans(jakarta.enterprise.context.ApplicationScoped.class))
                .anyMatch(OfflineClusterViewTest::isClient);
        // Seeded before start: found by the first list.
        assertThat(view.claim("apps", "data")).isPresent();
        assertThat(view.storageClass("fast")).isPresent();
    }

    @Test
    void replacingTheStorageClassFlipsTheDecision() {
        String review = review(deployment("apps", "db", "data", 1000));
        JsonPath allowed = admit(review);
        assertThat(allowed.getBoolean("response.allowed")).isTrue();
        assertThat(findings(allowed)).isNull();
        assertThat(allowed.getString("response.auditAnnotations.mode")).isEqualTo("enforce");

        client.storage().v1().storageClasses().withName("fast").delete();
        await().atMost(BOUND).until(() -> view.storageClass("fast").isEmpty());
        client.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("fast", "nfs.csi.k8s.io"))
                .create();

        await().atMost(BOUND).untilAsserted(() -> {
            JsonPath denied = admit(review);
            assertThat(denied.getBoolean("response.allowed")).isFalse();
            assertThat(denied.getInt("response.status.code")).isEqualTo(403);
            assertThat(denied.getString("response.status.message")).startsWith("WAL001 ");
            assertThat(findings(denied)).isEqualTo("WAL001");
        });
    }

    @Test
    void podsOfTheSameWorkloadAreNotHeldAgainstItButOthersAre() {
        client.namespaces().resource(namespace("team", Map.of())).create();
        client.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("block", "ebs.csi.aws.com"))
                .create();
        client.persistentVolumeClaims()
                .inNamespace("team")
                .resource(claim("team", "shared", "block"))
                .create();
        Deployment web = deployment("team", "web", "shared", 1000);
        ReplicaSet rs = client.apps()
                .replicaSets()
                .inNamespace("team")
                .resource(replicaSet("team", "web-6d4cf", web))
                .create();
        // An older revision of web's pods runs as another UID: the same workload, so no finding.
        client.pods()
                .inNamespace("team")
                .resource(pod("team", "web-6d4cf-abcde", "shared", 2000, rs))
                .create();
        await().atMost(BOUND)
                .until(() -> view.podsMountingClaim("team", "shared").size() == 1
                        && view.controllerOf("team", "ReplicaSet", "web-6d4cf").isPresent());
        assertThat(view.controllerOf("team", "ReplicaSet", "web-6d4cf")
                        .orElseThrow()
                        .getName())
                .isEqualTo("web");

        String review = review(web);
        JsonPath own = admit(review);
        assertThat(own.getBoolean("response.allowed")).isTrue();
        assertThat(findings(own)).isNull();

        client.pods()
                .inNamespace("team")
                .resource(pod("team", "intruder", "shared", 3000, null))
                .create();
        await().atMost(BOUND).untilAsserted(() -> {
            JsonPath denied = admit(review);
            assertThat(denied.getBoolean("response.allowed")).isFalse();
            assertThat(findings(denied)).isEqualTo("WAL002");
            assertThat(denied.getString("response.status.message"))
                    .startsWith("WAL002 ")
                    .contains("team/intruder")
                    .doesNotContain("web-6d4cf-abcde");
        });

        client.pods().inNamespace("team").withName("intruder").delete();
        await().atMost(BOUND).untilAsserted(() -> {
            JsonPath again = admit(review);
            assertThat(again.getBoolean("response.allowed")).isTrue();
            assertThat(findings(again)).isNull();
        });
    }

    @Test
    void namespaceLabelsAndPreboundVolumesAreFollowed() {
        client.namespaces().resource(namespace("sandbox", Map.of())).create();
        // storageClassName "" binds a static PV only; the PV names the claim in its claimRef and is NFS.
        client.persistentVolumeClaims()
                .inNamespace("sandbox")
                .resource(claim("sandbox", "static", ""))
                .create();
        client.persistentVolumes()
                .resource(nfsVolumeFor("pv-nfs", "sandbox", "static"))
                .create();
        String review = review(deployment("sandbox", "notes", "static", 1000));
        await().atMost(BOUND).untilAsserted(() -> {
            JsonPath denied = admit(review);
            assertThat(denied.getBoolean("response.allowed")).isFalse();
            assertThat(findings(denied)).isEqualTo("WAL001");
            assertThat(denied.getString("response.status.message")).contains("pv-nfs");
        });

        client.namespaces().withName("sandbox").edit(n -> {
            n.getMetadata().setLabels(Map.of("walguard.dev/mode", "audit"));
            return n;
        });
        await().atMost(BOUND).untilAsserted(() -> {
            JsonPath audited = admit(review);
            assertThat(audited.getBoolean("response.allowed")).isTrue();
            assertThat(audited.getString("response.auditAnnotations.mode")).isEqualTo("audit");
            assertThat(findings(audited)).isEqualTo("WAL001");
            List<String> warnings = audited.getList("response.warnings");
            assertThat(warnings).singleElement().asString().startsWith("WAL001");
        });
    }

    @Test
    void admissionsMakeNoApiCall() {
        client.namespaces().resource(namespace("calm", Map.of())).create();
        client.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("calm-nfs", "nfs.csi.k8s.io"))
                .create();
        client.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("calm-block", "ebs.csi.aws.com"))
                .create();
        client.persistentVolumeClaims()
                .inNamespace("calm")
                .resource(claim("calm", "on-nfs", "calm-nfs"))
                .create();
        client.persistentVolumeClaims()
                .inNamespace("calm")
                .resource(claim("calm", "on-block", "calm-block"))
                .create();
        String denied = review(deployment("calm", "db", "on-nfs", 1000));
        String allowed = review(deployment("calm", "web", "on-block", 1000));
        await().atMost(BOUND)
                .until(() -> !admit(denied).getBoolean("response.allowed")
                        && admit(allowed).getBoolean("response.allowed"));
        LiveClusterView live = (LiveClusterView) view;
        await().atMost(BOUND).until(live::watching);
        int before = server.getKubernetesMockServer().getRequestCount();
        // 200 admissions: any API call on the request path would show up in the count at once.
        for (int i = 0; i < 100; i++) {
            assertThat(admit(denied).getBoolean("response.allowed")).isFalse();
            assertThat(admit(allowed).getBoolean("response.allowed")).isTrue();
        }
        assertThat(server.getKubernetesMockServer().getRequestCount()).isEqualTo(before);
    }

    /** A marked pod, or a Deployment's template, mounting the claim at {@code /config} from {@code subPath}. */
    private static <T extends HasMetadata> T atSubPath(T object, PodSpec spec, String subPath) {
        spec.getContainers().get(0).getVolumeMounts().get(0).setSubPath(subPath);
        spec.getContainers().get(0).getVolumeMounts().get(0).setMountPath("/config");
        return object;
    }

    /**
     * The same review on the live view (the informers' slim pod cache, fed by the mock API server) and on an offline
     * snapshot of the same objects: the answers must be the same, down to the message.
     */
    private static void assertLiveAndOfflineAgree(JsonPath live, String review, List<HasMetadata> objects)
            throws IOException {
        JsonNode offline = new ObjectMapper()
                .readTree(Handlers.handler(new SnapshotClusterView(objects), new SimpleMeterRegistry())
                        .handle(review.getBytes(StandardCharsets.UTF_8)))
                .path("response");
        assertThat(live.getBoolean("response.allowed"))
                .isEqualTo(offline.path("allowed").asBoolean());
        assertThat(String.valueOf(live.getString("response.status.message")))
                .isEqualTo(offline.path("status").path("message").asText("null"));
    }

    @Test
    void liveAndOfflineViewsAgreeOnAppsAtSubPathsOfOneClaimAcrossPods() throws Exception {
        var ns = namespace("arr", Map.of());
        var sc = storageClass("arr-block", "ebs.csi.aws.com");
        var library = claim("arr", "library", "arr-block");
        var appdata = claim("arr", "appdata", "arr-block");
        client.namespaces().resource(ns).create();
        client.storage().v1().storageClasses().resource(sc).create();
        client.persistentVolumeClaims().inNamespace("arr").resource(library).create();
        client.persistentVolumeClaims().inNamespace("arr").resource(appdata).create();
        var sonarr = pod("arr", "sonarr", "library", 1000, null);
        atSubPath(sonarr, sonarr.getSpec(), "sonarr");
        var app = pod("arr", "app", "appdata", 1000, null);
        atSubPath(app, app.getSpec(), "app");
        client.pods().inNamespace("arr").resource(sonarr).create();
        client.pods().inNamespace("arr").resource(app).create();
        await().atMost(BOUND)
                .until(() -> view.podsMountingClaim("arr", "library").size() == 1
                        && view.podsMountingClaim("arr", "appdata").size() == 1);
        List<HasMetadata> objects = List.of(ns, sc, library, appdata, sonarr, app);

        // radarr/ beside sonarr/ under another UID: they never see each other's files.
        Deployment radarr = deployment("arr", "radarr", "library", 2000);
        atSubPath(radarr, radarr.getSpec().getTemplate().getSpec(), "radarr");
        String disjoint = review(radarr);
        JsonPath allowed = admit(disjoint);
        assertThat(allowed.getBoolean("response.allowed")).isTrue();
        assertThat(findings(allowed)).isNull();
        assertLiveAndOfflineAgree(allowed, disjoint, objects);

        // app/db below app/ under another UID: one directory tree, one database.
        Deployment db = deployment("arr", "db", "appdata", 2000);
        atSubPath(db, db.getSpec().getTemplate().getSpec(), "app/db");
        String nested = review(db);
        JsonPath denied = admit(nested);
        assertThat(denied.getBoolean("response.allowed")).isFalse();
        assertThat(findings(denied)).isEqualTo("WAL002");
        assertThat(denied.getString("response.status.message"))
                .startsWith("WAL002 Deployment arr/db cannot share the SQLite WAL database on volume \"data\" "
                        + "(claim appdata, StorageClass arr-block, driver ebs.csi.aws.com) at subPath app/db between "
                        + "container app (uid 2000) and pod arr/app container app (uid 1000) because they run as "
                        + "different UIDs with no common group");
        assertLiveAndOfflineAgree(denied, nested, objects);
    }
}
