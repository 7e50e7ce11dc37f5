package dev.walguard.admission;

import dev.walguard.policy.Decision;
import dev.walguard.policy.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Times and counts every request to {@code /validate}, whatever its {@link Outcome}. Each label takes its values
 * from a fixed set, so no request can add series to the registry:
 *
 * <pre>
 * walguard.admission.duration  (timer)    kind
 * walguard.admission.requests  (counter)  kind, operation, decision, outcome, mode
 *
 * kind       Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob; else other
 * operation  CREATE, UPDATE, DELETE, CONNECT; else other (also when the body was not read)
 * decision   allowed, denied (as the AdmissionReview answers, unavailable and error included); none without a review
 * outcome    a decided review: skipped, exempt, unmarked, off, allowed, warned, denied (why, from the policy);
 *            otherwise: unavailable, error, invalid, too_large, unsupported_media_type, unhandled, overloaded
 *            ({@link Outcome})
 * mode       enforce, audit, off (the mode applied); none when none was applied
 * </pre>
 */
public final class AdmissionMetrics {

    static final String DURATION = "walguard.admission.duration";
    static final String REQUESTS = "walguard.admission.requests";
    private static final String OTHER = "other";
    private static final String NONE = "none";
    /** The kinds deploy/ registers the webhook for; kinds added through extraRules (Argo Rollouts, ...) are other. */
    private static final Set<String> KINDS = Set.of(
            "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");

    private final MeterRegistry registry;

    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Now, on the registry's clock: pass it back to {@code record} or {@link #refused}. */
    public long start() {
        return registry.config().clock().monotonicTime();
    }

    /** A request answered before it reached the handler (a guard, or Quarkus REST), so nothing of it was read. */
    public void refused(long start, Outcome outcome) {
        record(start, null, null, outcome, null);
    }

    /**
     * @param kind      the kind the request names, as sent (bounded here), or null when unread
     * @param operation the operation, as sent (bounded here), or null when unread
     * @param decision  the policy's decision when it made one, else null
     */
    void record(long start, String kind, String operation, Outcome outcome, Decision decision) {
        // Set.of(...).contains(null) throws.
        String kindLabel = kind != null && KINDS.contains(kind) ? kind : OTHER;
        registry.timer(DURATION, "kind", kindLabel).record(start() - start, TimeUnit.NANOSECONDS);
        registry.counter(
                        REQUESTS,
                        "kind",
                        kindLabel,
                        "operation",
                        Operation.parse(operation).map(Operation::name).orElse(OTHER),
                        "decision",
                        !outcome.inReview() ? NONE : outcome == Outcome.ALLOWED ? "allowed" : "denied",
                        "outcome",
                        decision == null
                                ? outcome.label()
                                : decision.outcome().name().toLowerCase(Locale.ROOT),
                        "mode",
                        decision == null || decision.mode() == null
                                ? NONE
                                : decision.mode().label())
                .increment();
    }
}
