package dev.walguard.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Lease-based leader election (fabric8 {@code LeaderElector} on the Lease {@code walguard-audit}): only the leader
 * writes PolicyReports and Events. A fabric8 elector runs once, so when leadership is lost (or could not be renewed)
 * a new elector takes its place until {@link #close()}. {@link #close()} releases the Lease, so another replica
 * takes over after about a second instead of a lease duration.
 */
final class LeaderGate implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderGate.class);
    static final String LEASE = "walguard-audit";

    /** Timing of the election; {@link #defaults()}: 15 s lease, 10 s renew deadline, 2 s retry. */
    record Timing(Duration lease, Duration renewDeadline, Duration retry) {
        static Timing defaults() {
            return new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String identity;
    private final Timing timing;
    private final Runnable onStart;
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> running;

    /** @param onStart run when this replica becomes the leader, on the elector's thread */
    LeaderGate(KubernetesClient client, String namespace, String identity, Timing timing, Runnable onStart) {
        this.client = client;
        this.namespace = namespace;
        this.identity = identity;
        this.timing = timing;
        this.onStart = onStart;
    }

    synchronized void start() {
        if (closed) {
            return;
        }
        CompletableFuture<?> future = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName(LEASE)
                        .withLeaseDuration(timing.lease())
                        .withRenewDeadline(timing.renewDeadline())
                        .withRetryPeriod(timing.retry())
                        .withReleaseOnCancel(true)
                        .withLock(new LeaseLock(namespace, LEASE, identity))
                        .withLeaderCallbacks(new LeaderCallbacks(
                                this::started, this::stopped, id -> LOG.debugf("audit leader is now %s", id)))
                        .build())
                .build()
                .start();
        running = future;
        future.whenComplete((v, t) -> {
            leader = false;
            if (!closed) {
                LOG.infof("Lost or could not renew the Lease %s/%s; standing for election again", namespace, LEASE);
                start();
            }
        });
    }

    private void started() {
        leader = true;
        LOG.infof(
                "This replica (%s) leads the audit (Lease %s/%s): it writes PolicyReports and Events",
                identity, namespace, LEASE);
        onStart.run();
    }

    private void stopped() {
        leader = false;
    }

    boolean isLeader() {
        return leader;
    }

    @Override
    public synchronized void close() {
        closed = true;
        CompletableFuture<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
        leader = false;
    }
}
