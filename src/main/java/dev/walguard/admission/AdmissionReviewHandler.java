package dev.walguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walguard.policy.ClusterView;
import dev.walguard.policy.ClusterViewUnavailableException;
import dev.walguard.policy.AdmissionInput;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.Decision;
import dev.walguard.policy.Operation;
import dev.walguard.policy.Workload;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Admission translation: AdmissionReview in, AdmissionReview out. Reads the request, hands the workload to the
 * policy, and writes the decision back in the request's version with its uid.
 */
@ApplicationScoped
public class AdmissionReviewHandler {

    private final ReviewCodec codec = new ReviewCodec();

    @Inject
    AdmissionPolicy policy;

    @Inject
    ClusterView view;

    @Inject
    MeterRegistry registry;

    /** Answers one review; a malformed one throws {@link InvalidReviewException}. */
    public byte[] handle(byte[] body) {
        Timer.Sample sample = Timer.start(registry);
        ReviewCodec.Incoming request = codec.read(body);
        Operation operation = Operation.parse(request.operation()).orElseThrow(() -> new InvalidReviewException(
                "request.operation must be CREATE, UPDATE, DELETE or CONNECT, not \"" + request.operation() + "\""));
        String kind = request.kind().isEmpty() ? request.object() == null ? "unknown"
                : request.object().path("kind").asText("unknown") : request.kind();
        AdmissionInput input = new AdmissionInput(operation, request.subResource(),
                workload(request.object(), request.namespace(), "object"),
                // Only an UPDATE compares with the old object; a DELETE's oldObject is never read.
                operation == Operation.UPDATE ? workload(request.oldObject(), request.namespace(), "oldObject")
                        : null);
        Decision decision;
        try {
            decision = policy.decide(input, view);
        } catch (ClusterViewUnavailableException e) {
            // Before the live caches have synced: refuse to judge on a partial view; the caller may retry.
            Log.warnf("not ready to evaluate %s %s/%s (uid %s): %s", kind, request.namespace(), request.name(),
                    request.uid(), e.getMessage());
            return codec.write(request.apiVersion(), unavailable(request.uid(), kind, e.getMessage()));
        } catch (RuntimeException e) {
            // A bug must not let a marked workload through unjudged, nor leak a stack trace to kubectl.
            Log.errorf(e, "walguard could not evaluate %s %s/%s (uid %s)", kind, request.namespace(), request.name(),
                    request.uid());
            return codec.write(request.apiVersion(), failure(request.uid(), kind));
        }
        if (!decision.allowed() || !decision.findings().isEmpty()) {
            Log.infof("%s %s %s %s: %s%s", decision.allowed() ? "allowed" : "denied", request.operation(),
                    input.object().display(), decision.mode().label(),
                    decision.auditAnnotations().getOrDefault("findings", ""), request.dryRun() ? " (dry run)" : "");
        }
        byte[] out = codec.write(request.apiVersion(), response(request.uid(), decision));
        sample.stop(registry.timer("walguard.admission.duration", "kind", kind));
        registry.counter("walguard.admission.requests", "kind", kind, "operation", request.operation(),
                "decision", decision.allowed() ? "allowed" : "denied",
                "outcome", decision.outcome().name().toLowerCase(Locale.ROOT),
                "mode", decision.mode() == null ? "none" : decision.mode().label()).increment();
        return out;
    }

    private static Workload workload(JsonNode object, String namespace, String field) {
        try {
            return Workloads.of(object, namespace).orElse(null);
        } catch (Workloads.UnreadableWorkloadException e) {
            throw new InvalidReviewException("request." + field + " cannot be read: " + e.getMessage());
        }
    }

    static AdmissionResponse response(String uid, Decision decision) {
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(uid);
        response.setAllowed(decision.allowed());
        if (!decision.allowed()) {
            response.setStatus(new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                    .withMessage(decision.message()).build());
        }
        if (!decision.warnings().isEmpty()) {
            response.setWarnings(decision.warnings());
        }
        if (!decision.auditAnnotations().isEmpty()) {
            response.setAuditAnnotations(decision.auditAnnotations());
        }
        return response;
    }

    private static AdmissionResponse unavailable(String uid, String kind, String why) {
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(uid);
        response.setAllowed(false);
        response.setStatus(new StatusBuilder().withStatus("Failure").withCode(503).withReason("ServiceUnavailable")
                .withMessage(why + "; this " + kind + " is marked for SQLite WAL checks and is refused rather than "
                        + "judged on a partial view. Retry in a few seconds.")
                .build());
        return response;
    }

    private static AdmissionResponse failure(String uid, String kind) {
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(uid);
        response.setAllowed(false);
        response.setStatus(new StatusBuilder().withStatus("Failure").withCode(500).withReason("InternalError")
                .withMessage("walguard could not evaluate this " + kind + " because of an internal error (logged "
                        + "with request uid " + uid + "); it is denied rather than admitted unchecked.")
                .build());
        return response;
    }
}
