package dev.walguard.audit;

import dev.walguard.policy.ErrorText;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Writes a core/v1 Warning Event on the workload for each finding it does not ignore ({@code walguard.dev/ignore})
 * (leader only, live mode only), deduplicated and rate-limited by an {@link EventLimiter}: once per finding while it
 * persists (again after an hour), at most one per workload per minute, and {@code eventsPerSecond} overall. Only the
 * audit thread calls it.
 */
final class WorkloadEvents {

    private static final Logger LOG = Logger.getLogger(WorkloadEvents.class);

    private static final int MESSAGE_BYTES = 1024;
    private static final Duration REPEAT = Duration.ofHours(1);
    private static final Duration PER_WORKLOAD = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final String identity;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final EventLimiter limiter;
    private final AtomicLong eventSeq = new AtomicLong();

    /**
     * @param clock    the Events' timestamps and names
     * @param nanoTime monotonic time for the limits ({@code System::nanoTime} in production)
     */
    WorkloadEvents(KubernetesClient client, String identity, int eventsPerSecond, Clock clock, LongSupplier nanoTime) {
        this.client = client;
        this.identity = identity;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.limiter = new EventLimiter(eventsPerSecond, REPEAT, PER_WORKLOAD, nanoTime.getAsLong());
    }

    /** Writes the Events that the findings and the limits allow now; the rest wait for a later call. */
    void emit(Map<String, List<WorkloadResult>> results) {
        // One time for the whole call, so the bucket refills between calls, not while one call writes.
        long now = nanoTime.getAsLong();
        Set<String> current = new HashSet<>();
        for (List<WorkloadResult> workloads : results.values()) {
            for (WorkloadResult w : workloads) {
                for (WorkloadResult.FindingResult f : w.findings()) {
                    if (f.ignored()) {
                        // An accepted risk: in the reports and metrics, but no Warning Event.
                        continue;
                    }
                    String findingKey = w.key() + "|" + f.rule() + "|" + f.message();
                    current.add(findingKey);
                    if (!limiter.tryAcquire(w.key(), findingKey, now)) {
                        continue;
                    }
                    try {
                        create(w, f);
                    } catch (KubernetesClientException e) {
                        LOG.warnf(
                                "Cannot write an Event for %s (HTTP %d %s)",
                                w.key(), e.getCode(), ErrorText.firstLine(e.getMessage(), ""));
                    }
                }
            }
        }
        limiter.retain(current, now);
    }

    private void create(WorkloadResult w, WorkloadResult.FindingResult f) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // Distinct names without a lookup: the time in milliseconds, times 1000, plus a sequence number.
        String name = w.name() + "." + Long.toHexString(clock.millis() * 1000 + eventSeq.incrementAndGet() % 1000);
        ObjectReference involved = new ObjectReferenceBuilder()
                .withApiVersion(w.apiVersion())
                .withKind(w.kind())
                .withNamespace(w.namespace())
                .withName(w.name())
                .withUid(w.uid())
                .build();
        client.v1()
                .events()
                .inNamespace(w.namespace())
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(w.namespace())
                        .withLabels(ManagedBy.labels())
                        .endMetadata()
                        .withType("Warning")
                        .withReason(reason(f.ruleName()))
                        .withMessage(truncate(f.message(), MESSAGE_BYTES))
                        .withInvolvedObject(involved)
                        .withNewSource()
                        .withComponent(ManagedBy.WALGUARD)
                        .endSource()
                        .withReportingComponent(ManagedBy.WALGUARD)
                        .withReportingInstance(identity)
                        .withFirstTimestamp(now.toString())
                        .withLastTimestamp(now.toString())
                        .withCount(1)
                        .build())
                .create();
    }

    /** {@code network-filesystem} → {@code NetworkFilesystem}. */
    static String reason(String ruleName) {
        StringBuilder b = new StringBuilder();
        for (String part : ruleName.split("-")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** At most {@code maxBytes} of UTF-8, cut at a character boundary, ending in "..." when cut. */
    static String truncate(String message, int maxBytes) {
        Objects.requireNonNull(message);
        if (message.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return message;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 3;
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return b.append("...").toString();
    }
}
