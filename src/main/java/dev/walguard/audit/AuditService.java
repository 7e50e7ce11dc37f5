package dev.walguard.audit;

import dev.walguard.cluster.ClusterSource;
import dev.walguard.cluster.WorkloadSource;
import dev.walguard.policy.AdmissionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The background audit. Every marked workload is evaluated when the cluster view is ready, again when it or anything
 * it depends on changes (the view's change events mark namespaces dirty; one worker thread re-evaluates the dirty
 * namespaces every {@code walguard.audit.debounce}, so bursts coalesce), and all of them every
 * {@code walguard.audit.interval} as a safety net. Results feed {@code GET /report} and the metrics on every
 * replica; in live mode the Lease holder also writes PolicyReports and Events ({@link LeaderPublisher}).
 */
@ApplicationScoped
public class AuditService {

    private static final Logger LOG = Logger.getLogger(AuditService.class);

    @Inject
    AuditSettings settings;

    @Inject
    ClusterSource view;

    @Inject
    AdmissionPolicy policy;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<KubernetesClient> client;

    private AuditEvaluator evaluator;
    private AuditMetrics metrics;
    /** Live mode only. */
    private LeaderPublisher publisher;

    private ScheduledExecutorService worker;

    /** namespace → results; only the worker (or the start in offline mode) writes it. */
    private volatile Map<String, List<WorkloadResult>> results = Map.of();

    private volatile Instant lastPass;
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean allDirty = new AtomicBoolean(true);
    private long nextFullPass;

    void start(@Observes @Priority(3000) StartupEvent event) {
        metrics = new AuditMetrics(registry, view::synced, view::observations);
        if (!settings.enabled()) {
            LOG.info("Background audit disabled (walguard.audit.enabled=false)");
            return;
        }
        evaluator = new AuditEvaluator(policy);
        view.onChange(this::changed);
        if (view.live()) {
            KubernetesClient kubernetes = client.get();
            String namespace = LeaderPublisher.leaseNamespace(settings.leaseNamespace(), kubernetes);
            publisher = new LeaderPublisher(
                    kubernetes,
                    namespace,
                    LeaderPublisher.identity(),
                    settings.eventsPerSecond(),
                    LeaderGate.Timing.defaults(),
                    Clock.systemUTC(),
                    System::nanoTime);
            publisher.start();
            LOG.infof(
                    "Background audit: every %s, and on changes; PolicyReports and Events from the holder of the "
                            + "Lease %s/%s",
                    settings.interval(), namespace, LeaderGate.LEASE);
        } else {
            // Offline: the snapshot never changes; evaluate it once now so /report answers at once.
            pass(null);
            LOG.infof("Background audit on the offline cluster state: %d marked workloads", count());
        }
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "walguard-audit");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(50, settings.debounce().toMillis());
        worker.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.shutdownNow();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    private void changed(String namespace) {
        if (WorkloadSource.ALL_NAMESPACES.equals(namespace)) {
            allDirty.set(true);
        } else if (namespace != null) {
            dirty.add(namespace);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warnf(e, "background audit pass failed; retrying on the next tick");
        }
    }

    private void tick() {
        if (!view.synced()) {
            return;
        }
        long now = System.nanoTime();
        boolean full = allDirty.getAndSet(false) || now - nextFullPass >= 0;
        Set<String> namespaces = new HashSet<>(dirty);
        dirty.removeAll(namespaces);
        if (full) {
            pass(null);
        } else if (!namespaces.isEmpty()) {
            pass(namespaces);
        }
        if (publisher != null) {
            publisher.publish(results);
        }
    }

    /** Evaluates the namespaces (null: all) and replaces their results. */
    synchronized void pass(Set<String> namespaces) {
        long start = System.nanoTime();
        if (namespaces == null) {
            nextFullPass = start + settings.interval().toNanos();
        }
        List<io.fabric8.kubernetes.api.model.HasMetadata> candidates = view.workloads();
        Map<String, List<WorkloadResult>> fresh = evaluator.evaluate(candidates, namespaces, view);
        Map<String, List<WorkloadResult>> merged = new TreeMap<>(namespaces == null ? Map.of() : results);
        if (namespaces != null) {
            merged.keySet().removeAll(namespaces);
        }
        fresh.forEach((ns, list) -> merged.put(ns, List.copyOf(list)));
        results = Map.copyOf(merged);
        lastPass = Instant.now();
        metrics.update(results);
        metrics.passDuration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private int count() {
        return results.values().stream().mapToInt(List::size).sum();
    }

    /** Every reported workload, by namespace, kind and name. */
    public AuditReport report() {
        if (!settings.enabled()) {
            return new AuditReport(false, null, List.of());
        }
        List<WorkloadResult> all = new ArrayList<>();
        new TreeMap<>(results).values().forEach(all::addAll);
        Instant at = lastPass;
        return new AuditReport(true, at == null ? null : at.toString(), all);
    }
}
