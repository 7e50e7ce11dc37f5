package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node-agent against a mock API server: it publishes at start and again when pods on its node change. */
class NodeAgentTest {

    @TempDir
    Path tmp;

    private final KubernetesMockServer server = crud();

    @AfterEach
    void stop() {
        server.destroy();
    }

    private static KubernetesMockServer crud() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    private KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getPort())
                .withRequestRetryBackoffLimit(0)
                .withHttp2Disable(true)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private GenericKubernetesResource observation(KubernetesClient client) {
        return client.genericKubernetesResources(ObservationPublisher.CONTEXT)
                .withName("worker-1")
                .get();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> volumes(GenericKubernetesResource object) {
        Map<String, Object> status =
                (Map<String, Object>) object.getAdditionalProperties().get("status");
        return (List<Map<String, Object>>) status.get("volumes");
    }

    @Test
    void publishesAtStartAndAfterPodsOnItsNodeChange() throws Exception {
        Path pods = tmp.resolve("kubelet/pods");
        SqliteFiles.create(pods.resolve("u1/volumes/kubernetes.io~nfs/data/app.db"), true);
        Path mountinfo = Files.writeString(
                tmp.resolve("mountinfo"),
                "29 1 259:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                        + "700 29 0:58 / /var/lib/kubelet/pods/u1/volumes/kubernetes.io~nfs/data rw,relatime "
                        + "shared:402 - nfs4 nas:/export/data rw,vers=4.2\n");
        try (KubernetesClient client = client()) {
            String nodeUid = client.nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName("worker-1")
                            .endMetadata()
                            .build())
                    .create()
                    .getMetadata()
                    .getUid();
            CountDownLatch stop = new CountDownLatch(1);
            AtomicInteger exit = new AtomicInteger(-1);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread agent = new Thread(() -> exit.set(NodeAgentCommand.run(
                    new String[] {
                        "--kubelet-root", tmp.resolve("kubelet").toString(),
                        "--host-kubelet-root", "/var/lib/kubelet",
                        "--mountinfo", mountinfo.toString(),
                        "--node-name", "worker-1",
                        "--interval", "1h",
                        "--settle", "1ms",
                        "--min-gap", "1ms"
                    },
                    this::client,
                    // The mock API server does not watch with field selectors; a label stands in for spec.nodeName.
                    (c, node) -> c.pods().inAnyNamespace().withLabel("node", node),
                    stop,
                    System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8))));
            agent.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> observation(client) != null);
                GenericKubernetesResource first = observation(client);
                assertThat(first.getMetadata().getLabels())
                        .containsExactlyEntriesOf(Map.of("app.kubernetes.io/managed-by", "walguard-node-agent"));
                assertThat(first.getMetadata().getOwnerReferences())
                        .singleElement()
                        .satisfies(o -> {
                            assertThat(o.getKind()).isEqualTo("Node");
                            assertThat(o.getName()).isEqualTo("worker-1");
                            assertThat(o.getUid()).isEqualTo(nodeUid);
                        });
                assertThat(volumes(first)).singleElement().satisfies(v -> {
                    assertThat(v).containsEntry("podUid", "u1").containsEntry("storage", "network");
                    assertThat(v.get("databases")).isEqualTo(List.of(Map.of("path", "app.db", "wal", true)));
                });

                // A new pod lands on the node: its volume appears, then the Pod event triggers a rescan.
                SqliteFiles.create(pods.resolve("u2/volumes/kubernetes.io~empty-dir/cache/cache.db"), false);
                client.pods()
                        .inNamespace("default")
                        .resource(new PodBuilder()
                                .withNewMetadata()
                                .withName("new")
                                .withNamespace("default")
                                .withLabels(Map.of("node", "worker-1"))
                                .endMetadata()
                                .withNewSpec()
                                .withNodeName("worker-1")
                                .endSpec()
                                .build())
                        .create();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> volumes(observation(client)).size() == 2);
                assertThat(volumes(observation(client)).get(1))
                        .containsEntry("podUid", "u2")
                        .containsEntry("storage", "block")
                        .containsEntry("databases", List.of(Map.of("path", "cache.db", "wal", false)));
            } finally {
                stop.countDown();
                agent.join(30_000);
            }
            assertThat(exit.get()).as("exit code; stderr: %s", err).isZero();
        }
    }
}
