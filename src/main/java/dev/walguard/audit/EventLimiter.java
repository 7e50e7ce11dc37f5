package dev.walguard.audit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides which findings become Kubernetes Events. Deduplicated: a workload+rule+message is not emitted again
 * while the finding persists, except once per {@code repeat} (an hour). Rate-limited: a token bucket of
 * {@code perSecond} events per second overall (burst {@code perSecond}), and at most one event per workload per
 * {@code perWorkload} (a minute). A finding held back by a limit is tried again on a later tick. Not thread-safe:
 * only the audit thread uses it. Times are {@code System.nanoTime()}-style values passed in by the caller, so the
 * limits can be tested without waiting.
 */
final class EventLimiter {

    private final double perSecond;
    private final long repeatNanos;
    private final long perWorkloadNanos;
    private double tokens;
    private long lastRefill;
    private final Map<String, Long> emitted = new HashMap<>();
    private final Map<String, Long> lastPerWorkload = new HashMap<>();

    EventLimiter(int perSecond, Duration repeat, Duration perWorkload, long now) {
        this.perSecond = Math.max(1, perSecond);
        this.repeatNanos = repeat.toNanos();
        this.perWorkloadNanos = perWorkload.toNanos();
        this.tokens = this.perSecond;
        this.lastRefill = now;
    }

    /** Whether this finding was emitted recently enough that it must not be emitted again now. */
    private boolean duplicate(String findingKey, long now) {
        Long at = emitted.get(findingKey);
        return at != null && now - at < repeatNanos;
    }

    /** True, and counted, if an event for this workload and finding may be written now. */
    boolean tryAcquire(String workloadKey, String findingKey, long now) {
        if (duplicate(findingKey, now)) {
            return false;
        }
        Long last = lastPerWorkload.get(workloadKey);
        if (last != null && now - last < perWorkloadNanos) {
            return false;
        }
        tokens = Math.min(perSecond, tokens + (now - lastRefill) / 1e9 * perSecond);
        lastRefill = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        emitted.put(findingKey, now);
        lastPerWorkload.put(workloadKey, now);
        return true;
    }

    /** Forgets findings that are gone, so one that comes back is reported again. */
    void retain(Set<String> currentFindingKeys, long now) {
        emitted.keySet().retainAll(currentFindingKeys);
        lastPerWorkload.values().removeIf(t -> now - t >= perWorkloadNanos);
    }
}
