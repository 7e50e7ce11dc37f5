package dev.walguard.http;

import dev.walguard.admission.AdmissionMetrics;
import dev.walguard.admission.Outcome;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Guards that answer before a body is read, with a JSON error: a declared body over 7 MiB (413), an unreadable
 * Content-Length (400), and a POST without a Content-Type (415; a wrong one is answered 415 by {@link HttpErrors}).
 * Bodies sent without a Content-Length are bounded by {@code quarkus.http.limits.max-body-size} (also 7 MiB).
 * Refusals of {@code /validate} are counted as admission requests.
 */
@ApplicationScoped
public class RequestGuards {

    private static final long MAX_BODY = 7L * 1024 * 1024;
    private static final String VALIDATE = "/validate";
    /** Routing-context key: when a request to /validate arrived, for timing a refusal made further on. */
    private static final String STARTED = "walguard.validate.started";

    @Inject
    AdmissionMetrics metrics;

    void register(@Observes Filters filters) {
        filters.register(this::guard, 100);
    }

    void guard(RoutingContext rc) {
        if (VALIDATE.equals(rc.normalizedPath())) {
            rc.put(STARTED, metrics.start());
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) {
                    // The client may still be sending the body: close rather than read it.
                    rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                    reject(rc, Outcome.TOO_LARGE, "request body is larger than 7 MiB");
                    return;
                }
            } catch (NumberFormatException e) {
                reject(rc, Outcome.INVALID, "Content-Length is not a number");
                return;
            }
        }
        if (rc.request().method() == HttpMethod.POST && rc.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            reject(rc, Outcome.UNSUPPORTED_MEDIA_TYPE,
                    "content type is missing; send an AdmissionReview as application/json");
            return;
        }
        rc.next();
    }

    private void reject(RoutingContext rc, Outcome outcome, String error) {
        refused(rc, metrics, outcome);
        rc.response().setStatusCode(outcome.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + error + "\"}");
    }

    /** Counts a refusal when the request was one to /validate (the only path whose requests are admissions). */
    static void refused(RoutingContext rc, AdmissionMetrics metrics, Outcome outcome) {
        Long started = rc.get(STARTED);
        if (started != null) {
            metrics.refused(started, outcome);
        }
    }
}
