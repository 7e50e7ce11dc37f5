package dev.walguard.cluster;

import dev.walguard.policy.ClusterViewUnavailableException;
import dev.walguard.policy.ErrorText;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The health of the live view's informers: whether every one has listed its kind ({@link #synced()}), and whether
 * the API server is reachable. It keeps the informers retrying after every failure, and logs an outage once when it
 * starts (an informer failed, or a watch has been down for the grace period) and once when every watch runs again.
 */
final class SyncAndOutageMonitor {

    // One log category for the whole live view, the one operators know.
    private static final Logger LOG = Logger.getLogger(LiveClusterView.class);

    private static final long NOT_DOWN = Long.MIN_VALUE;

    private final InformerSet informers;
    private final Duration outageGrace;
    private final Duration checkInterval;
    /** Per informer (in {@link InformerSet#members()} order): since when its watch is down; only the check writes. */
    private final long[] downSince;

    private final AtomicBoolean syncLogged = new AtomicBoolean();
    private volatile boolean synced;
    private volatile boolean closed;
    private volatile long startNanos;
    private volatile ScheduledExecutorService checks;

    // Outage state, guarded by this.
    private boolean inOutage;
    private long outageStartNanos;
    private int outages;
    private String lastProblem;

    /**
     * @param outageGrace   how long a watch may be down before it counts as an outage (watches are re-opened
     *                      routinely every few minutes, with a short pause)
     * @param checkInterval how often the watches are looked at for that
     */
    SyncAndOutageMonitor(InformerSet informers, Duration outageGrace, Duration checkInterval) {
        this.informers = informers;
        this.outageGrace = outageGrace;
        this.checkInterval = checkInterval;
        this.downSince = new long[informers.members().size()];
        Arrays.fill(downSince, NOT_DOWN);
        for (InformerSet.Member m : informers.members()) {
            // The default handler gives up on any failure before the first sync, and on a failed watch: never give up.
            m.informer().exceptionHandler((isStarted, t) -> {
                problem(m.resource(), t);
                return !closed;
            });
        }
    }

    /** Starts the periodic look at the watches; call it as the informers start. */
    void start() {
        startNanos = System.nanoTime();
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "walguard-cluster-view");
            thread.setDaemon(true);
            return thread;
        });
        long interval = checkInterval.toMillis();
        checks.scheduleWithFixedDelay(this::checkSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Stops the checks; failures after this ask the informers to stop retrying. */
    void close() {
        closed = true;
        if (checks != null) {
            checks.shutdownNow();
        }
    }

    /** True once every informer has completed its first list; it stays true through later outages. */
    boolean synced() {
        if (!synced) {
            for (InformerSet.Member m : informers.members()) {
                if (!m.informer().hasSynced()) {
                    return false;
                }
            }
            synced = true;
        }
        return true;
    }

    /** Throws, naming the kinds still listing, unless {@link #synced()}. */
    void requireSynced() {
        if (!synced()) {
            throw new ClusterViewUnavailableException("walguard has not finished loading the cluster state from the "
                    + "Kubernetes API server (still listing " + String.join(", ", informers.pending()) + ")");
        }
    }

    /** False while an outage is going on. */
    synchronized boolean reachable() {
        return !inOutage;
    }

    /** True while every informer's watch is open (false for short spells when a watch is renewed). */
    boolean watching() {
        for (InformerSet.Member m : informers.members()) {
            if (!m.informer().isWatching()) {
                return false;
            }
        }
        return true;
    }

    /** How many outages have been seen (and logged) since start. */
    synchronized int outages() {
        return outages;
    }

    /** Called as each informer completes its first list: logs once when all have. */
    void listed() {
        if (synced() && syncLogged.compareAndSet(false, true)) {
            LOG.infof(
                    "Live cluster view synced in %d ms: %s",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), informers.cacheSizes());
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.debugf(e, "cluster view check failed");
        }
    }

    /** Looks at every watch: one down for the grace period starts an outage; all up again ends it. */
    private void check() {
        listed();
        long now = System.nanoTime();
        long grace = outageGrace.toNanos();
        List<String> lost = new ArrayList<>();
        boolean allWatching = true;
        List<InformerSet.Member> members = informers.members();
        for (int i = 0; i < members.size(); i++) {
            InformerSet.Member m = members.get(i);
            if (m.informer().isWatching()) {
                downSince[i] = NOT_DOWN;
                continue;
            }
            allWatching = false;
            if (downSince[i] == NOT_DOWN) {
                downSince[i] = now;
            } else if (now - downSince[i] >= grace && m.informer().hasSynced()) {
                lost.add(m.resource());
            }
        }
        synchronized (this) {
            if (!inOutage && !lost.isEmpty()) {
                beginOutage("the watch on " + String.join(", ", lost) + " has been down for " + human(outageGrace)
                        + (lastProblem == null ? "" : "; " + lastProblem));
            } else if (inOutage && allWatching) {
                inOutage = false;
                lastProblem = null;
                LOG.infof(
                        "Kubernetes API server reachable again after %d s: every watch runs and the caches are "
                                + "current",
                        TimeUnit.NANOSECONDS.toSeconds(now - outageStartNanos));
            }
        }
    }

    /** Called by the informers' exception handler: a list or watch failed; fabric8 retries with back-off. */
    private synchronized void problem(String resource, Throwable t) {
        lastProblem = resource + ": " + describe(t);
        if (!inOutage && !closed) {
            beginOutage(lastProblem);
        }
    }

    private void beginOutage(String why) {
        inOutage = true;
        outages++;
        outageStartNanos = System.nanoTime();
        if (synced()) {
            LOG.warnf(
                    "Kubernetes API server unreachable (%s). Admissions keep being answered from the cached "
                            + "cluster state; the informers retry and re-list when it is back. Logged once per outage.",
                    why);
        } else {
            LOG.warnf(
                    "Cannot load the cluster state from the Kubernetes API server (%s). Readiness stays DOWN until "
                            + "every cache has synced; retrying (logged once). On 403 Forbidden, check the RBAC rules in "
                            + "docs/rbac.md.",
                    why);
        }
    }

    /** One line: {@code HTTP 403 Failure executing: GET ...} or {@code ConnectException: Connection refused}. */
    private static String describe(Throwable t) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException kce && kce.getCode() > 0) {
                return "HTTP " + kce.getCode() + " " + ErrorText.firstLine(kce.getMessage(), "");
            }
            root = c;
        }
        String message = ErrorText.firstLine(root.getMessage(), "");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static String human(Duration d) {
        return d.toMillis() < 1000 || d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }
}
