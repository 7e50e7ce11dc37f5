package dev.walguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walguard.policy.AdmissionInput;
import dev.walguard.policy.AdmissionPolicy;
import dev.walguard.policy.ClusterView;
import dev.walguard.policy.ClusterViewUnavailableException;
import dev.walguard.policy.Decision;
import dev.walguard.policy.Operation;
import dev.walguard.policy.Workload;
import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;

/**
 * Admission translation: AdmissionReview in, AdmissionReview out. Reads the request, hands the workload to the
 * policy, and writes the decision back in the request's version with its uid. Every request is measured, whatever
 * its {@link Outcome}.
 */
public final class AdmissionReviewHandler {

    /**
     * The liveness check's review: an unmarked Pod. It runs the codec and the policy but never the cluster view, so
     * it answers before the caches have synced and through an API server outage (readiness covers those).
     */
    private static final byte[] PROBE = ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
                    + "\"request\":{\"uid\":\"walguard-liveness\",\"operation\":\"CREATE\",\"namespace\":\"walguard-liveness\","
                    + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"object\":{\"apiVersion\":\"v1\","
                    + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"liveness\"},\"spec\":{\"containers\":[{\"name\":\"c\","
                    + "\"image\":\"i\"}]}}}}")
            .getBytes(StandardCharsets.UTF_8);

    private final ReviewCodec codec = new ReviewCodec();
    private final AdmissionPolicy policy;
    private final ClusterView view;
    private final AdmissionMetrics metrics;

    public AdmissionReviewHandler(AdmissionPolicy policy, ClusterView view, AdmissionMetrics metrics) {
        this.policy = policy;
        this.view = view;
        this.metrics = metrics;
    }

    /** An answered review: its outcome, the policy's decision when it made one, and the bytes to send. */
    private record Answer(Outcome outcome, Decision decision, byte[] body) {}

    /**
     * Answers one review; a malformed one throws {@link InvalidReviewException}. Either way the request is counted,
     * labelled with what could be read of it.
     */
    public byte[] handle(byte[] body) {
        long start = metrics.start();
        ReviewCodec.Incoming request = null;
        Answer answer;
        try {
            request = codec.read(body);
            answer = answer(request);
        } catch (RuntimeException | Error e) {
            // Counted, then answered by the http layer: 400 for an invalid review, 500 for anything else.
            metrics.record(
                    start,
                    request == null ? null : kind(request),
                    request == null ? null : request.operation(),
                    e instanceof InvalidReviewException ? Outcome.INVALID : Outcome.UNHANDLED,
                    null);
            throw e;
        }
        metrics.record(start, kind(request), request.operation(), answer.outcome(), answer.decision());
        return answer.body();
    }

    /** Evaluates the canned liveness review, uncounted: true when it was allowed, as it must be. */
    public boolean probe() {
        return answer(codec.read(PROBE)).outcome() == Outcome.ALLOWED;
    }

    private Answer answer(ReviewCodec.Incoming request) {
        Operation operation = Operation.parse(request.operation())
                .orElseThrow(() ->
                        new InvalidReviewException("request.operation must be CREATE, UPDATE, DELETE or CONNECT, not \""
                                + request.operation() + "\""));
        String kind = kind(request);
        AdmissionInput input = new AdmissionInput(
                operation,
                request.subResource(),
                workload(request.object(), request.namespace(), "object"),
                // Only an UPDATE compares with the old object; a DELETE's oldObject is never read.
                operation == Operation.UPDATE ? workload(request.oldObject(), request.namespace(), "oldObject") : null);
        Decision decision;
        try {
            decision = policy.decide(input, view);
        } catch (ClusterViewUnavailableException e) {
            // Before the live caches have synced: refuse to judge on a partial view; the caller may retry.
            Log.warnf(
                    "not ready to evaluate %s %s/%s (uid %s): %s",
                    kind, request.namespace(), request.name(), request.uid(), e.getMessage());
            return refusal(
                    request,
                    Outcome.UNAVAILABLE,
                    e.getMessage() + "; this " + kind + " is checked for SQLite WAL use (it is marked, or runs "
                            + "a catalogued image) and is refused rather than judged on a partial view. Retry in a few "
                            + "seconds.");
        } catch (RuntimeException e) {
            // A bug must not let a marked workload through unjudged, nor leak a stack trace to kubectl.
            Log.errorf(
                    e,
                    "walguard could not evaluate %s %s/%s (uid %s)",
                    kind,
                    request.namespace(),
                    request.name(),
                    request.uid());
            return refusal(
                    request,
                    Outcome.ERROR,
                    "walguard could not evaluate this " + kind + " because of an "
                            + "internal error (logged with request uid " + request.uid()
                            + "); it is denied rather than "
                            + "admitted unchecked.");
        }
        if (!decision.allowed() || !decision.findings().isEmpty()) {
            Log.infof(
                    "%s %s %s %s: %s%s",
                    decision.allowed() ? "allowed" : "denied",
                    operation,
                    input.object().display(),
                    decision.mode().label(),
                    decision.auditAnnotations().getOrDefault("findings", ""),
                    request.dryRun() ? " (dry run)" : "");
        }
        Outcome outcome = decision.allowed() ? Outcome.ALLOWED : Outcome.DENIED;
        AdmissionResponse response = response(request.uid(), outcome, decision.message());
        if (!decision.warnings().isEmpty()) {
            response.setWarnings(decision.warnings());
        }
        if (!decision.auditAnnotations().isEmpty()) {
            response.setAuditAnnotations(decision.auditAnnotations());
        }
        return new Answer(outcome, decision, codec.write(request.apiVersion(), response));
    }

    /** The kind the request names (else its object's), for messages; metrics bound it. */
    private static String kind(ReviewCodec.Incoming request) {
        if (!request.kind().isEmpty()) {
            return request.kind();
        }
        return request.object() == null
                ? "unknown"
                : request.object().path("kind").asText("unknown");
    }

    private static Workload workload(JsonNode object, String namespace, String field) {
        try {
            return Workloads.forAdmission(object, namespace).orElse(null);
        } catch (Workloads.UnreadableWorkloadException e) {
            throw new InvalidReviewException("request." + field + " cannot be read: " + e.getMessage());
        }
    }

    /** A review denied without a decision: the policy could not judge it. */
    private Answer refusal(ReviewCodec.Incoming request, Outcome outcome, String message) {
        return new Answer(outcome, null, codec.write(request.apiVersion(), response(request.uid(), outcome, message)));
    }

    private static AdmissionResponse response(String uid, Outcome outcome, String message) {
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(uid);
        response.setAllowed(outcome == Outcome.ALLOWED);
        response.setStatus(outcome.reviewStatus(message));
        return response;
    }
}
