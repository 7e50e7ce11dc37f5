package dev.walguard.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Live mode only: stands for the audit Lease and, while this replica holds it, brings the reports
 * ({@link ReportWriter}) and Events ({@link WorkloadEvents}) in line with the results. Each new leader term starts
 * from scratch: another replica may have written in between, so everything is re-written and stale reports are
 * swept again.
 */
final class LeaderPublisher implements AutoCloseable {

    private final LeaderGate gate;
    private final ReportWriter reports;
    private final WorkloadEvents events;
    /** Set on the elector's thread, consumed on the audit thread. */
    private final AtomicBoolean termStarted = new AtomicBoolean();

    /**
     * @param clock    timestamps of reports and Events
     * @param nanoTime monotonic time for the Event limits
     */
    LeaderPublisher(
            KubernetesClient client,
            String leaseNamespace,
            String identity,
            int eventsPerSecond,
            LeaderGate.Timing timing,
            Clock clock,
            LongSupplier nanoTime) {
        this.reports = new ReportWriter(client, clock);
        this.events = new WorkloadEvents(client, identity, eventsPerSecond, clock, nanoTime);
        this.gate = new LeaderGate(client, leaseNamespace, identity, timing, () -> termStarted.set(true));
    }

    void start() {
        gate.start();
    }

    /** Writes reports and Events for the results if this replica leads; else does nothing. Audit thread only. */
    void publish(Map<String, List<WorkloadResult>> results) {
        if (!gate.isLeader()) {
            return;
        }
        if (termStarted.getAndSet(false)) {
            reports.reset();
        }
        reports.write(results);
        events.emit(results);
    }

    @Override
    public void close() {
        gate.close();
    }

    /** The configured namespace, else {@code POD_NAMESPACE}, else the client's, else {@code default}. */
    static String leaseNamespace(Optional<String> configured, KubernetesClient client) {
        if (configured.isPresent()) {
            return configured.get();
        }
        String pod = System.getenv("POD_NAMESPACE");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        return client.getNamespace() != null ? client.getNamespace() : "default";
    }

    /** The host name and a random suffix: two processes never share an identity, even with one host name. */
    static String identity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "walguard";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
