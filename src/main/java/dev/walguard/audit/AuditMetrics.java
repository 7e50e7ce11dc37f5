package dev.walguard.audit;

import dev.walguard.policy.NodeObservations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The audit's Prometheus metrics: {@code walguard_findings{namespace,rule,severity}} (current findings in effect,
 * replaced after every pass; series that dropped to zero are removed), {@code walguard_ignored_findings} (the same
 * for findings that workloads ignore with {@code walguard.dev/ignore}: kept apart so that alerts on
 * {@code walguard_findings} do not fire for accepted risks), {@code walguard_cache_synced} (1 once the cluster view
 * can answer), {@code walguard_node_observations{state=fresh|expired}} (nodes with a node agent observation) and
 * {@code walguard_audit_pass_duration_seconds}. Labels take only namespace names, rule ids and the
 * two severities: never a reason.
 */
final class AuditMetrics {

    private static final String IN_EFFECT = "walguard.findings";
    private static final String IGNORED = "walguard.ignored.findings";
    /** One help text for both states: Prometheus keeps one per metric name. */
    private static final String NODE_OBSERVATIONS_HELP = "Nodes with a node agent observation, by state: fresh, or"
            + " expired (its agent stopped or the node is gone)";

    private final MeterRegistry registry;
    private final Timer passDuration;
    /** Only touched by the audit thread. */
    private final Map<List<String>, Series> findings = new HashMap<>();

    private record Series(AtomicLong value, Gauge gauge) {}

    AuditMetrics(MeterRegistry registry, BooleanSupplier synced, Supplier<NodeObservations> observations) {
        this.registry = registry;
        // Whether the node agent's observations arrive and stay fresh: an expired one means an agent stopped.
        Gauge.builder(
                        "walguard.node.observations",
                        observations,
                        o -> o.get().fresh().size())
                .description(NODE_OBSERVATIONS_HELP)
                .tag("state", "fresh")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        "walguard.node.observations",
                        observations,
                        o -> o.get().size() - o.get().fresh().size())
                .description(NODE_OBSERVATIONS_HELP)
                .tag("state", "expired")
                .strongReference(true)
                .register(registry);
        Gauge.builder("walguard.cache.synced", synced, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 once the cluster view has loaded (offline) or synced (live), else 0")
                .strongReference(true)
                .register(registry);
        this.passDuration = Timer.builder("walguard.audit.pass.duration")
                .description("Time of one background evaluation pass")
                .register(registry);
    }

    Timer passDuration() {
        return passDuration;
    }

    /** Sets {@code walguard_findings} to these results (all namespaces). */
    void update(Map<String, List<WorkloadResult>> results) {
        Map<List<String>, Long> counts = new HashMap<>();
        for (List<WorkloadResult> workloads : results.values()) {
            for (WorkloadResult w : workloads) {
                for (WorkloadResult.FindingResult f : w.findings()) {
                    String metric = f.ignored() ? IGNORED : IN_EFFECT;
                    counts.merge(List.of(metric, w.namespace(), f.rule(), f.severity()), 1L, Long::sum);
                }
            }
        }
        findings.entrySet().removeIf(e -> {
            if (counts.containsKey(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue().gauge());
            return true;
        });
        counts.forEach((key, count) -> findings.computeIfAbsent(key, k -> {
                    AtomicLong value = new AtomicLong();
                    Gauge gauge = Gauge.builder(k.get(0), value, AtomicLong::get)
                            .description(
                                    IGNORED.equals(k.get(0))
                                            ? "Current findings that marked workloads ignore with walguard.dev/ignore,"
                                                    + " from the background audit"
                                            : "Current findings of marked workloads, from the background audit")
                            .tags("namespace", k.get(1), "rule", k.get(2), "severity", k.get(3))
                            .register(registry);
                    return new Series(value, gauge);
                })
                .value()
                .set(count));
    }
}
