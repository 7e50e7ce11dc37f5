package dev.walguard.admission;

import dev.walguard.cluster.ClusterView;
import dev.walguard.cluster.ClusterViewUnavailableException;
import dev.walguard.policy.AdmissionInput;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.Decision;
import dev.walguard.policy.Workload;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Admission translation: AdmissionReview in, AdmissionReview out. Reads the request, hands the workload to the
 * policy, and writes the decision back in the request's version with its uid.
 */
@ApplicationScoped
public class AdmissionReviewHandler {

    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

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
        ReviewCodec.Incoming incoming = codec.read(body);
        AdmissionRequest request = incoming.request();
        if (!OPERATIONS.contains(request.getOperation())) {
            throw new InvalidReviewException("request.operation must be CREATE, UPDATE, DELETE or CONNECT, not \""
                    + request.getOperation() + "\"");
        }
        String kind = kindOf(request);
        Decision decision;
        try {
            decision = policy.decide(input(request), view);
        } catch (InvalidReviewException e) {
            throw e;
        } catch (ClusterViewUnavailableException e) {
            // Before the live caches have synced: refuse to judge on a partial view; the caller may retry.
            Log.warnf("not ready to evaluate %s %s/%s (uid %s): %s", kind, request.getNamespace(), nameOf(request),
                    request.getUid(), e.getMessage());
            return codec.write(incoming.apiVersion(), unavailable(request.getUid(), kind, e.getMessage()));
        } catch (RuntimeException e) {
            // A bug must not let a marked workload through unjudged, nor leak a stack trace to kubectl.
            Log.errorf(e, "walguard could not evaluate %s %s/%s (uid %s)", kind, request.getNamespace(),
                    request.getName(), request.getUid());
            return codec.write(incoming.apiVersion(), failure(request.getUid(), kind));
        }
        AdmissionResponse response = response(request.getUid(), decision);
        if (!decision.allowed() || !decision.findings().isEmpty()) {
            Log.infof("%s %s %s %s/%s: %s%s", decision.allowed() ? "allowed" : "denied", request.getOperation(), kind,
                    request.getNamespace(), nameOf(request), decision.auditAnnotations().getOrDefault("findings", ""),
                    Boolean.TRUE.equals(request.getDryRun()) ? " (dry run)" : "");
        }
        byte[] out = codec.write(incoming.apiVersion(), response);
        sample.stop(registry.timer("walguard.admission.duration", "kind", kind));
        registry.counter("walguard.admission.requests", "kind", kind, "operation", request.getOperation(),
                "decision", decision.allowed() ? "allowed" : "denied",
                "outcome", decision.outcome().name().toLowerCase(java.util.Locale.ROOT),
                "mode", decision.mode() == null ? "none" : decision.mode().label()).increment();
        return out;
    }

    private static AdmissionInput input(AdmissionRequest request) {
        String namespace = request.getNamespace();
        return new AdmissionInput(request.getOperation(), request.getSubResource(), namespace,
                workload(request.getObject(), namespace, "object"),
                workload(request.getOldObject(), namespace, "oldObject"));
    }

    private static Workload workload(Object object, String namespace, String field) {
        if (object == null) {
            return null;
        }
        if (!(object instanceof HasMetadata resource)) {
            throw new InvalidReviewException("request." + field + " is not a Kubernetes object");
        }
        try {
            return Workloads.of(resource, namespace).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new InvalidReviewException("request." + field + " has a pod template that cannot be read: "
                    + firstLine(e.getMessage()));
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
        Status status = new StatusBuilder().withStatus("Failure").withCode(500).withReason("InternalError")
                .withMessage("walguard could not evaluate this " + kind + " because of an internal error (logged "
                        + "with request uid " + uid + "); it is denied rather than admitted unchecked.")
                .build();
        response.setStatus(status);
        return response;
    }

    private static String kindOf(AdmissionRequest request) {
        if (request.getKind() != null && request.getKind().getKind() != null) {
            return request.getKind().getKind();
        }
        return request.getObject() instanceof HasMetadata h && h.getKind() != null ? h.getKind() : "unknown";
    }

    private static String nameOf(AdmissionRequest request) {
        if (request.getName() != null && !request.getName().isEmpty()) {
            return request.getName();
        }
        if (request.getObject() instanceof HasMetadata h && h.getMetadata() != null
                && h.getMetadata().getGenerateName() != null) {
            return h.getMetadata().getGenerateName() + "*";
        }
        return "";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
