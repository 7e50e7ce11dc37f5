package dev.walguard.app;

import dev.walguard.admission.AdmissionExecutor;
import dev.walguard.admission.AdmissionReviewHandler;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while reviews get answered: a canned review is evaluated through the admission pool, the way every review
 * is, and must be answered within {@code walguard.admission.liveness-timeout} (2 s). A wedged pool (threads stuck,
 * queue full) is DOWN, so the kubelet restarts the pod instead of leaving a webhook that refuses marked workloads
 * (failurePolicy Fail) while reporting itself healthy.
 *
 * <p>Asynchronous, so a probe holds no thread while it waits; concurrent probes share one evaluation, so probing
 * cannot fill the queue.
 */
@Liveness
@ApplicationScoped
public class AdmissionLiveness implements AsyncHealthCheck {

    static final String NAME = "admission";

    @Inject
    AdmissionExecutor executor;

    @Inject
    AdmissionReviewHandler handler;

    @Inject
    WalguardConfig config;

    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

    @Override
    public Uni<HealthCheckResponse> call() {
        Duration timeout = config.admission().livenessTimeout();
        CompletableFuture<Boolean> probe = probe();
        return Uni.createFrom()
                .<HealthCheckResponse>emitter(emitter -> probe.whenComplete((allowed, failure) -> {
                    if (failure instanceof RejectedExecutionException) {
                        emitter.complete(down("admission queue is full"));
                    } else if (failure != null) {
                        emitter.complete(down("canned review failed: " + failure));
                    } else if (!allowed) {
                        emitter.complete(down("canned review was not allowed"));
                    } else {
                        emitter.complete(HealthCheckResponse.up(NAME));
                    }
                }))
                .ifNoItem()
                .after(timeout)
                .recoverWithItem(() -> down("no answer to a canned review within " + timeout.toMillis() + " ms"));
    }

    /** The evaluation in flight, or a new one submitted to the pool. */
    private CompletableFuture<Boolean> probe() {
        while (true) {
            CompletableFuture<Boolean> current = inFlight.get();
            if (current != null) {
                return current;
            }
            CompletableFuture<Boolean> next = new CompletableFuture<>();
            if (!inFlight.compareAndSet(null, next)) {
                continue;
            }
            next.whenComplete((allowed, failure) -> inFlight.compareAndSet(next, null));
            try {
                executor.execute(() -> {
                    try {
                        next.complete(handler.probe());
                    } catch (RuntimeException | Error e) {
                        next.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                next.completeExceptionally(e);
            }
            return next;
        }
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
