package dev.walguard.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code walguard node-agent}: {@code node-scan} as a long-running process (the DaemonSet), publishing each scan as
 * the node's {@code NodeObservation}.
 */
@Command(
        name = "node-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentVersion.class,
        description = {
            "Scans this node like node-scan at start, every --interval and after pods on the node change, and "
                    + "publishes each result as the cluster-scoped NodeObservation named after the node.",
            "Runs until stopped; exit code 2 on usage errors."
        },
        sortOptions = false)
public final class NodeAgentCommand implements Callable<Integer> {

    @Mixin
    ScanOptions options = new ScanOptions();

    @Option(
            names = "--interval",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "Rescan period (default: ${DEFAULT-VALUE}). Readers treat an observation older than "
                    + "three intervals as stale.")
    Duration interval;

    @Option(
            names = "--settle",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Delay between a pod change and the rescan, for the kubelet to mount or unmount its "
                    + "volumes (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(
            names = "--min-gap",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Least time between two scans (default: ${DEFAULT-VALUE}).")
    Duration minGap;

    @Option(
            names = "--max-object-bytes",
            defaultValue = "262144",
            description = "Budget of the published status in bytes; volumes beyond it are counted, not listed "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxBytes;

    private Supplier<KubernetesClient> clients = () -> new KubernetesClientBuilder().build();
    private BiFunction<KubernetesClient, String, FilterWatchListDeletable<Pod, PodList, PodResource>> podsOnNode =
            (client, node) -> client.pods().inAnyNamespace().withField("spec.nodeName", node);
    private CountDownLatch stop = new CountDownLatch(1);

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.execute(new NodeAgentCommand(), "node-agent", args, out, err);
    }

    /**
     * For tests: a client of their own, a latch that stops the agent, and how pods on the node are selected (the mock
     * API server cannot watch with field selectors).
     */
    static int run(
            String[] args,
            Supplier<KubernetesClient> clients,
            BiFunction<KubernetesClient, String, FilterWatchListDeletable<Pod, PodList, PodResource>> podsOnNode,
            CountDownLatch stop,
            PrintStream out,
            PrintStream err) {
        NodeAgentCommand command = new NodeAgentCommand();
        command.clients = clients;
        command.podsOnNode = podsOnNode;
        command.stop = stop;
        return CommandRunner.execute(command, "node-agent", args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        if (maxBytes < 16 * 1024 || maxBytes > 900 * 1024) {
            throw new IllegalArgumentException("--max-object-bytes must lie between 16384 and 921600: an object "
                    + "cannot exceed 1 MiB, and below 16 KiB nothing useful fits");
        }
        String node = options.nodeName();
        NodeScanner scanner = options.scanner();
        try (KubernetesClient client = clients.get()) {
            ObservationPublisher publisher = new ObservationPublisher(client, node);
            NodeAgent.Settings settings = new NodeAgent.Settings(interval, settle, minGap, maxBytes);
            try (NodeAgent agent = new NodeAgent(
                    () -> options.scan(scanner),
                    publisher::publish,
                    settings,
                    Clock.systemUTC(),
                    AgentVersion.version())) {
                SharedIndexInformer<Pod> pods = watchPods(podsOnNode.apply(client, node), agent);
                try {
                    AgentLog.info("node agent " + AgentVersion.version() + " on node " + node + ": rescans every "
                            + interval.toSeconds() + "s and " + settle.toSeconds() + "s after pod changes");
                    agent.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "walguard-node-agent-stop"));
                    stop.await();
                } finally {
                    pods.close();
                }
            }
        }
        return 0;
    }

    /** Pods bound to this node only (a field selector), as change signals; nothing of them is kept. */
    private static SharedIndexInformer<Pod> watchPods(
            FilterWatchListDeletable<Pod, PodList, PodResource> pods, NodeAgent agent) {
        return pods.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                agent.podsChanged();
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (!Objects.equals(phase(before), phase(after))) {
                    agent.podsChanged();
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                agent.podsChanged();
            }
        });
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }
}
