package dev.walguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walguard.cluster.LiveClusterView;
import dev.walguard.policy.AdmissionInput;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.Decision;
import dev.walguard.policy.PolicySettings;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fills a LiveClusterView from a mock API server that serves N synthetic pods in pages of 500, and prints the heap
 * the view retains per pod and the time until it is synced. Run by {@code bench/informer-heap.sh}; skipped in the
 * normal test run (it needs {@code -Dwalguard.bench.pods}).
 *
 * <p>Retained heap = heap after a full GC with the filled view, minus heap after a full GC once the view is closed
 * and dropped (the mock server generates pages on the fly and holds no pods, so it does not count), minus the same
 * figure for an empty cluster (the fixed cost of seven informers).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "walguard.bench.pods", matches = ".+")
class InformerHeapBenchmark {

    private static final Map<String, String[]> LIST_KINDS = Map.of(
            "/apis/storage.k8s.io/v1/storageclasses", new String[] {"storage.k8s.io/v1", "StorageClassList"},
            "/api/v1/persistentvolumes", new String[] {"v1", "PersistentVolumeList"},
            "/api/v1/persistentvolumeclaims", new String[] {"v1", "PersistentVolumeClaimList"},
            "/api/v1/namespaces", new String[] {"v1", "NamespaceList"},
            "/apis/apps/v1/replicasets", new String[] {"apps/v1", "ReplicaSetList"},
            "/apis/batch/v1/jobs", new String[] {"batch/v1", "JobList"});

    /** Serves paged pod lists generated on the fly, empty lists of the other kinds, and idle watches. */
    private static final class SyntheticApi extends Dispatcher {
        final SyntheticCluster cluster;
        final int pods;
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong generatingNanos = new AtomicLong();

        SyntheticApi(SyntheticCluster cluster, int pods) {
            this.cluster = cluster;
            this.pods = pods;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int q = path.indexOf('?');
            String resource = q < 0 ? path : path.substring(0, q);
            Map<String, String> params = new HashMap<>();
            if (q >= 0) {
                for (String p : path.substring(q + 1).split("&")) {
                    int eq = p.indexOf('=');
                    params.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
                }
            }
            if ("true".equals(params.get("watch"))) {
                return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {});
            }
            String body;
            if (resource.equals("/api/v1/pods")) {
                int limit = Integer.parseInt(params.getOrDefault("limit", Integer.toString(Math.max(pods, 1))));
                int offset = Integer.parseInt(params.getOrDefault("continue", "0"));
                long t0 = System.nanoTime();
                body = cluster.page(pods, offset, limit);
                generatingNanos.addAndGet(System.nanoTime() - t0);
            } else if (LIST_KINDS.containsKey(resource)) {
                String[] kind = LIST_KINDS.get(resource);
                body = "{\"apiVersion\":\"" + kind[0] + "\",\"kind\":\"" + kind[1]
                        + "\",\"metadata\":{\"resourceVersion\":\"1000\"},\"items\":[]}";
            } else {
                return new MockResponse().setResponseCode(404).setBody("{}");
            }
            bytes.addAndGet(body.length());
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "application/json")
                    .setBody(body);
        }
    }

    private record Result(
            String shape,
            int pods,
            int cached,
            long millisToReady,
            long serverMillis,
            long retained,
            double micros,
            long jsonBytes) {}

    @Test
    void heapPerPodAndTimeToReady() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String s : System.getProperty("walguard.bench.pods").split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        List<SyntheticCluster.Shape> shapes = new ArrayList<>();
        for (String s : System.getProperty("walguard.bench.shapes", "statefulset,deployment,mixed")
                .split(",")) {
            shapes.add(SyntheticCluster.Shape.valueOf(s.trim().toUpperCase(Locale.ROOT)));
        }
        int replicas = Integer.getInteger("walguard.bench.replicas", 3);

        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "JVM %s, %s, max heap %d MiB, %d CPUs, replicas per workload %d%n",
                System.getProperty("java.version"),
                ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                replicas));
        long full = fullPodBytes(new SyntheticCluster(SyntheticCluster.Shape.STATEFULSET, replicas), 5_000);
        report.append(String.format(
                Locale.ROOT,
                "A full fabric8 Pod object of this shape (what a default informer " + "store keeps): %d bytes%n",
                full));

        run(new SyntheticCluster(SyntheticCluster.Shape.MIXED, replicas), "warm-up", 2_000);
        Result empty = run(new SyntheticCluster(SyntheticCluster.Shape.STATEFULSET, replicas), "empty", 0);
        report.append(String.format(
                Locale.ROOT,
                "Fixed cost of the seven informers (empty cluster): %d KiB, " + "ready in %d ms%n%n",
                empty.retained() >> 10,
                empty.millisToReady()));
        report.append(String.format(
                Locale.ROOT,
                "| %-11s | %8s | %8s | %9s | %11s | %11s | %10s | %13s | %16s " + "| %11s |%n",
                "shape",
                "pods",
                "cached",
                "JSON MiB",
                "ready (ms)",
                "mock server",
                "heap (MiB)",
                "bytes per pod",
                "bytes per cached",
                "µs/decision"));
        report.append("|-------------|---------:|---------:|----------:|------------:|------------:|-----------:|"
                + "--------------:|-----------------:|------------:|\n");
        System.out.print(report);
        for (SyntheticCluster.Shape shape : shapes) {
            for (int n : sizes) {
                Result r =
                        run(new SyntheticCluster(shape, replicas), shape.name().toLowerCase(Locale.ROOT), n);
                long net = r.retained() - empty.retained();
                String line = String.format(
                        Locale.ROOT,
                        "| %-11s | %8d | %8d | %9.0f | %11d | %11d | %10.1f | %13d " + "| %16d | %11.1f |%n",
                        r.shape(),
                        r.pods(),
                        r.cached(),
                        r.jsonBytes() / 1048576.0,
                        r.millisToReady(),
                        r.serverMillis(),
                        net / 1048576.0,
                        net / Math.max(1, n),
                        net / Math.max(1, r.cached()),
                        r.micros());
                report.append(line);
                System.out.print(line);
            }
        }
        Path out = Path.of("target", "informer-heap.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("\nWritten to " + out.toAbsolutePath());
    }

    private Result run(SyntheticCluster cluster, String shape, int pods) throws Exception {
        SyntheticApi api = new SyntheticApi(cluster, pods);
        KubernetesMockServer server =
                new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + server.getPort())
                .withRequestTimeout(120_000)
                .withHttp2Disable(true)
                .build();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        try {
            LiveClusterView view = new LiveClusterView(
                    client, new LiveClusterView.Options(500, Duration.ofSeconds(30), Duration.ofSeconds(1)));
            long t0 = System.nanoTime();
            view.start();
            // Polled every 5 ms: the time to ready is measured to that resolution.
            await("synced")
                    .atMost(Duration.ofMinutes(10))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .until(view::synced);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            int cached = view.cacheSizes().get("pods");
            double micros = decisions(cluster, view, pods);
            long filled = usedAfterGc();
            if (Boolean.getBoolean("walguard.bench.histogram") && pods > 0) {
                histogram(shape + "-" + pods);
            }
            view.close();
            view = null;
            long emptied = usedAfterGc();
            return new Result(
                    shape,
                    pods,
                    cached,
                    millis,
                    api.generatingNanos.get() / 1_000_000,
                    filled - emptied,
                    micros,
                    api.bytes.get());
        } finally {
            client.close();
            server.destroy();
        }
    }

    /** Average time of an admission decision for a marked pod, whose claim lookups go to the filled caches. */
    private static double decisions(SyntheticCluster cluster, LiveClusterView view, int pods) {
        if (pods == 0) {
            return 0;
        }
        AdmissionPolicy policy = new AdmissionPolicy(PolicySettings.defaults());
        List<AdmissionInput> inputs = new ArrayList<>();
        for (int i = 0; inputs.size() < 200 && i < pods; i += 3) {
            Pod p = cluster.pod(i);
            if (cluster.withClaim(i) && p.getMetadata().getAnnotations().containsKey("walguard.dev/sqlite-wal")) {
                inputs.add(new AdmissionInput(
                        dev.walguard.policy.Operation.CREATE,
                        null,
                        Workloads.of(p, p.getMetadata().getNamespace()).orElseThrow(),
                        null));
            }
        }
        if (inputs.isEmpty()) {
            return 0;
        }
        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            policy.decide(inputs.get(i % inputs.size()), view);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            Decision d = policy.decide(inputs.get(i % inputs.size()), view);
            assertThat(d.findings()).isNotEmpty();
        }
        return (System.nanoTime() - t0) / 1000.0 / rounds;
    }

    /** Retained size of full Pod objects deserialized from the same JSON. */
    private static long fullPodBytes(SyntheticCluster cluster, int count) throws IOException {
        long before = usedAfterGc();
        List<Pod> pods = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pods.add(SyntheticCluster.parse(SyntheticCluster.json(cluster.pod(i)), Pod.class));
        }
        long after = usedAfterGc();
        assertThat(pods).hasSize(count);
        return (after - before) / count;
    }

    /** A class histogram of live objects, for looking into what a cached pod costs. */
    private static void histogram(String name) throws IOException, InterruptedException {
        Path out = Path.of("target", "histogram-" + name + ".txt");
        Files.createDirectories(out.getParent());
        new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectOutput(out.toFile())
                .redirectErrorStream(true)
                .start()
                .waitFor();
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            // A pause between collections, not a wait for a condition: the lowest of five readings is taken.
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
