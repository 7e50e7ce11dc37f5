package dev.walguard.admission;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.util.Locale;

/**
 * How a request to {@code /validate} ends: the one table of HTTP status and, for answers inside an AdmissionReview,
 * the response's {@code status.code} and {@code status.reason}. Every error body outside a review is
 * {@code {"error": "..."}}; no stack trace ever reaches a client.
 *
 * <pre>
 * outcome                 HTTP  allowed  status.code  status.reason       when
 * allowed                 200   true     -            -                   admitted (also warned, skipped, exempt, ...)
 * denied                  200   false    403          Forbidden           a violation in enforce mode
 * unavailable             200   false    503          ServiceUnavailable  the live cluster view has not synced yet
 * error                   200   false    500          InternalError       the policy threw (a bug): denied, not admitted
 * invalid                 400   -        -            -                   not a well-formed AdmissionReview
 * too_large               413   -        -            -                   a declared body over 7 MiB
 * unsupported_media_type  415   -        -            -                   a Content-Type other than JSON, or none
 * unhandled               500   -        -            -                   an exception outside the policy (a bug)
 * overloaded              503   -        -            -                   the evaluation queue or the in-flight body
 *                                                                         budget is full: retry
 * </pre>
 *
 * The API server applies the webhook's failurePolicy to the 4xx and 5xx answers, which carry no review.
 */
public enum Outcome {
    ALLOWED(200, 0, null),
    DENIED(200, 403, "Forbidden"),
    UNAVAILABLE(200, 503, "ServiceUnavailable"),
    ERROR(200, 500, "InternalError"),
    INVALID(400, 0, null),
    TOO_LARGE(413, 0, null),
    UNSUPPORTED_MEDIA_TYPE(415, 0, null),
    UNHANDLED(500, 0, null),
    OVERLOADED(503, 0, null);

    private static final int OK = 200;

    private final int httpStatus;
    private final int reviewCode;
    private final String reviewReason;

    Outcome(int httpStatus, int reviewCode, String reviewReason) {
        this.httpStatus = httpStatus;
        this.reviewCode = reviewCode;
        this.reviewReason = reviewReason;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the answer is an AdmissionReview (HTTP 200) rather than an {@code {"error"}} body. */
    public boolean inReview() {
        return httpStatus == OK;
    }

    /** {@code too_large}: the value of the {@code outcome} metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code status} of a review answered with this outcome; null when the review is allowed. */
    Status reviewStatus(String message) {
        if (reviewCode == 0) {
            return null;
        }
        return new StatusBuilder()
                .withStatus("Failure")
                .withCode(reviewCode)
                .withReason(reviewReason)
                .withMessage(message)
                .build();
    }
}
