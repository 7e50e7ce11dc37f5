package dev.walguard.admission;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.ClusterView;
import dev.walguard.policy.PolicySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Admission handlers built in-process, without Quarkus: the offline example cluster, or a view that fails. */
public final class Handlers {

    /** The bundled example cluster (the README demo), as the webhook's tests see it. */
    public static final ClusterView EXAMPLE_CLUSTER = new SnapshotClusterView(new ManifestReader()
            .read(Path.of("examples/cluster")).stream()
                    .map(ManifestReader.Manifest::object)
                    .toList());

    private Handlers() {}

    public static AdmissionReviewHandler handler(ClusterView view, MeterRegistry registry) {
        return new AdmissionReviewHandler(
                new AdmissionPolicy(PolicySettings.defaults()), view, new AdmissionMetrics(registry));
    }

    /** A view whose every lookup throws what {@code failure} makes. */
    static ClusterView failing(Supplier<? extends Throwable> failure) {
        return (ClusterView) Proxy.newProxyInstance(
                ClusterView.class.getClassLoader(), new Class<?>[] {ClusterView.class}, (proxy, method, args) -> {
                    throw failure.get();
                });
    }

    /** Each series of walguard.admission.requests as {@code decision=…,kind=…,mode=…,operation=…,outcome=…}. */
    static Map<String, Double> requests(MeterRegistry registry) {
        return registry.find(AdmissionMetrics.REQUESTS).counters().stream()
                .collect(Collectors.toMap(
                        c -> c.getId().getTags().stream()
                                .map(t -> t.getKey() + "=" + t.getValue())
                                .collect(Collectors.joining(",")),
                        Counter::count,
                        Double::sum,
                        TreeMap::new));
    }
}
