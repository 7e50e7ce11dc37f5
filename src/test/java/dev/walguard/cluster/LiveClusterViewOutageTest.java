package dev.walguard.cluster;

import static dev.walguard.cluster.Fixtures.claim;
import static dev.walguard.cluster.Fixtures.deployment;
import static dev.walguard.cluster.Fixtures.namespace;
import static dev.walguard.cluster.Fixtures.pod;
import static dev.walguard.cluster.Fixtures.storageClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.walguard.policy.AdmissionInput;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.ClusterViewUnavailableException;
import dev.walguard.policy.Decision;
import dev.walguard.policy.Finding;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LiveClusterView on its own (no Quarkus), against mock API servers that the test stops and restarts: the view
 * keeps answering from its caches through an outage, stays synced, logs the outage once, and converges on the
 * state of the server that comes back, deletions included (410 Gone makes it list again).
 */
class LiveClusterViewOutageTest {

    private static final LiveClusterView.Options FAST =
            new LiveClusterView.Options(500, Duration.ofMillis(800), Duration.ofMillis(100));
    private static final Duration CONVERGE = Duration.ofSeconds(20);

    private final AdmissionPolicy policy = new AdmissionPolicy(PolicySettings.defaults());
    private final Deployment db = deployment("apps", "db", "data", 1000);

    private MockApiServer server;
    private KubernetesClient client;
    private LiveClusterView view;

    @AfterEach
    void tearDown() {
        if (view != null) {
            view.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Decision decide() {
        return policy.decide(
                new AdmissionInput(
                        dev.walguard.policy.Operation.CREATE,
                        null,
                        Workloads.of(db, "apps").orElseThrow(),
                        null),
                view);
    }

    private static List<String> rules(Decision d) {
        return d.findings().stream().map(f -> f.rule().name()).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void answersFromCacheThroughAnOutageAndConvergesWhenTheServerComesBack() {
        server = MockApiServer.start(0);
        int port = server.port();
        KubernetesClient admin = server.admin();
        admin.namespaces().resource(namespace("apps", Map.of())).create();
        admin.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("fast", "ebs.csi.aws.com"))
                .create();
        admin.persistentVolumeClaims()
                .inNamespace("apps")
                .resource(claim("apps", "data", "fast"))
                .create();
        admin.pods()
                .inNamespace("apps")
                .resource(pod("apps", "other-0", "data", 1000, null))
                .create();

        client = MockApiServer.clientFor(port);
        view = new LiveClusterView(client, FAST);
        view.start();
        // Synced means listed; each watch opens just after its list. A watch still connecting when the server went
        // away was retried by the client without the WebSocket upgrade headers (the mock answers 400), again and
        // again: the outage must come after every watch runs.
        await().atMost(Duration.ofSeconds(10)).until(() -> view.synced() && view.watching());

        Decision before = decide();
        assertThat(before.allowed()).isTrue();
        assertThat(before.findings()).isEmpty();
        assertThat(view.podsMountingClaim("apps", "data"))
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("other-0");
        assertThat(view.reachable()).isTrue();
        assertThat(view.outages()).isZero();

        // The API server goes away.
        server.close();
        server = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> !view.reachable());
        assertThat(view.outages()).isEqualTo(1);
        for (int i = 0; i < 200; i++) {
            Decision during = decide();
            assertThat(during.allowed()).isTrue();
            assertThat(during.findings()).isEmpty();
        }
        // Retries go on with back-off for a while; still one outage, still synced, all along.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> view.synced() && view.outages() == 1 && decide().allowed());
        assertThat(view.synced()).isTrue();
        assertThat(view.outages()).isEqualTo(1);
        assertThat(decide().allowed()).isTrue();

        // Another server comes back on the same address with changed state: the class is now NFS, other-0 is gone
        // and other-1 runs as another UID. Its first watches answer 410 Gone, so the informers list again.
        server = MockApiServer.startAfterOutage(port);
        admin = server.admin();
        admin.namespaces().resource(namespace("apps", Map.of())).create();
        admin.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("fast", "nfs.csi.k8s.io"))
                .create();
        admin.persistentVolumeClaims()
                .inNamespace("apps")
                .resource(claim("apps", "data", "fast"))
                .create();
        admin.pods()
                .inNamespace("apps")
                .resource(pod("apps", "other-1", "data", 2000, null))
                .create();
        server.release();

        await().atMost(CONVERGE).untilAsserted(() -> {
            Decision after = decide();
            assertThat(after.allowed()).isFalse();
            assertThat(rules(after)).containsExactly("WAL001", "WAL002");
            assertThat(view.podsMountingClaim("apps", "data"))
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactly("other-1");
        });
        Finding uid = decide().findings().get(1);
        assertThat(uid.message()).contains("apps/other-1");
        await().atMost(CONVERGE).until(view::reachable);
        assertThat(view.outages()).isEqualTo(1);
        assertThat(view.synced()).isTrue();
    }

    @Test
    void refusesToAnswerBeforeSyncAndKeepsTryingUntilTheServerIsThere() throws Exception {
        int port = freePort();
        client = MockApiServer.clientFor(port);
        view = new LiveClusterView(client, FAST);
        view.start();

        // Nothing listens: the first lists fail. fabric8's default handler would stop the informers for good.
        await().atMost(Duration.ofSeconds(10)).until(() -> view.outages() == 1);
        assertThat(view.synced()).isFalse();
        assertThatThrownBy(() -> view.claim("apps", "data"))
                .isInstanceOf(ClusterViewUnavailableException.class)
                .hasMessageContaining("pods");
        assertThatThrownBy(this::decide).isInstanceOf(ClusterViewUnavailableException.class);

        server = MockApiServer.startHeld(port);
        server.admin().namespaces().resource(namespace("apps", Map.of())).create();
        server.admin()
                .persistentVolumeClaims()
                .inNamespace("apps")
                .resource(claim("apps", "data", "fast"))
                .create();
        server.release();
        await().atMost(CONVERGE).until(view::synced);
        await().atMost(CONVERGE).until(() -> view.claim("apps", "data").isPresent());
        await().atMost(CONVERGE).until(view::reachable);
        assertThat(view.outages()).isEqualTo(1);
        // The claim's class does not exist: unknown storage, a warning in the default mode.
        assertThat(rules(decide())).containsExactly("WAL003");
    }

    @Test
    void noRequestReachesTheServerWhileLookupsAreAnswered() {
        server = MockApiServer.start(0);
        KubernetesClient admin = server.admin();
        admin.namespaces().resource(namespace("apps", Map.of())).create();
        admin.storage()
                .v1()
                .storageClasses()
                .resource(storageClass("fast", "ebs.csi.aws.com"))
                .create();
        admin.persistentVolumeClaims()
                .inNamespace("apps")
                .resource(claim("apps", "data", "fast"))
                .create();
        for (int i = 0; i < 20; i++) {
            Pod p = pod("apps", "other-" + i, "data", 1000, null);
            admin.pods().inNamespace("apps").resource(p).create();
        }
        client = MockApiServer.clientFor(server.port());
        view = new LiveClusterView(client, FAST);
        view.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> view.synced()
                        && view.watching()
                        && view.podsMountingClaim("apps", "data").size() == 20);
        int requests = server.requestCount();
        for (int i = 0; i < 1_000; i++) {
            assertThat(decide().allowed()).isTrue();
        }
        assertThat(server.requestCount()).isEqualTo(requests);
    }
}
