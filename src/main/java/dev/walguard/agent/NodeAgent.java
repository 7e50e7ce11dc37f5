package dev.walguard.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The agent's schedule: a scan at start, one every {@code interval}, and one {@code settle} after pods on the node
 * change (a new pod's volumes are mounted some seconds after the pod appears), never two closer than
 * {@code minGap}. Requests that arrive while a scan is pending fold into it, so a burst of pod events costs one
 * scan. Scans run one at a time on one thread.
 */
final class NodeAgent implements AutoCloseable {

    /** One scan and its publication; may throw, which is logged and retried at the next scan. */
    interface Scan {
        NodeObservation run() throws Exception;
    }

    private final Scan scan;
    private final Consumer<ObjectNode> publisher;
    private final Duration interval;
    private final Duration settle;
    private final Duration minGap;
    private final Clock clock;
    private final String version;
    private final int maxBytes;
    private final LongSupplier nanoTime = System::nanoTime;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "walguard-node-agent");
        t.setDaemon(true);
        return t;
    });

    private ScheduledFuture<?> pending;
    private long pendingAt;
    private long lastScanEnd;
    private boolean scanned;
    private int scans;

    NodeAgent(Scan scan, Consumer<ObjectNode> publisher, Settings settings, Clock clock, String version) {
        this.scan = scan;
        this.publisher = publisher;
        this.interval = settings.interval();
        this.settle = settings.settle();
        this.minGap = settings.minGap();
        this.maxBytes = settings.maxBytes();
        this.clock = clock;
        this.version = version;
    }

    /** The schedule's settings. */
    record Settings(Duration interval, Duration settle, Duration minGap, int maxBytes) {}

    void start() {
        request(Duration.ZERO);
    }

    /** Pods on the node were added, changed or deleted. */
    void podsChanged() {
        request(settle);
    }

    synchronized int scans() {
        return scans;
    }

    private synchronized void request(Duration delay) {
        long now = nanoTime.getAsLong();
        long target = now + delay.toNanos();
        if (scanned && target - (lastScanEnd + minGap.toNanos()) < 0) {
            target = lastScanEnd + minGap.toNanos();
        }
        if (pending != null && pendingAt - target <= 0) {
            return; // a scan at least as early is already coming
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pendingAt = target;
        pending = scheduler.schedule(this::scanAndPublish, Math.max(0, target - now), TimeUnit.NANOSECONDS);
    }

    private void scanAndPublish() {
        synchronized (this) {
            pending = null;
        }
        long started = nanoTime.getAsLong();
        try {
            NodeObservation observation = scan.run();
            ObjectNode status = PublishedObservation.status(observation, clock.instant(), interval, version, maxBytes);
            publisher.accept(status);
            AgentLog.info("scanned " + observation.volumes().size() + " pod volumes in "
                    + Duration.ofNanos(nanoTime.getAsLong() - started).toMillis() + " ms; published "
                    + status.path("volumes").size() + " ("
                    + status.path("omittedVolumes").asInt() + " omitted), "
                    + status.path("networkMounts").size() + " network mounts");
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            AgentLog.warn("scan or publication failed, retrying at the next scan: "
                    + ObservationJson.cut(message.lines().findFirst().orElse(""), 500));
        } finally {
            synchronized (this) {
                lastScanEnd = nanoTime.getAsLong();
                scanned = true;
                scans++;
            }
            request(interval);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
