package dev.walguard.policy;

import java.util.List;
import java.util.Map;

/**
 * The answer to one admission request, independent of the AdmissionReview version.
 *
 * @param allowed          whether the object is admitted
 * @param message          for a denial, every violation on its own line; null otherwise
 * @param warnings         admission warnings, already within the API server's limits
 * @param auditAnnotations {@code findings} (rules in effect), {@code ignored} (rules set aside by
 *                         {@code walguard.dev/ignore}) and {@code mode}, for evaluated workloads
 * @param findings         every finding, ignored ones included, after UPDATE downgrades
 * @param mode             the mode applied, or null when the request was not evaluated
 * @param outcome          why: for logs and metrics
 */
public record Decision(
        boolean allowed,
        String message,
        List<String> warnings,
        Map<String, String> auditAnnotations,
        List<Finding> findings,
        Mode mode,
        Outcome outcome) {

    /** What happened to a request, as a metrics label. */
    public enum Outcome {
        /** DELETE, CONNECT, a subresource, or an object without a pod template. */
        SKIPPED,
        EXEMPT,
        UNMARKED,
        /** Marked, in a namespace whose mode is off. */
        OFF,
        ALLOWED,
        WARNED,
        DENIED
    }

    public Decision {
        warnings = List.copyOf(warnings);
        auditAnnotations = Map.copyOf(auditAnnotations);
        findings = List.copyOf(findings);
    }

    static Decision allow(Outcome outcome) {
        return new Decision(true, null, List.of(), Map.of(), List.of(), null, outcome);
    }
}
