package dev.walguard.http;

import dev.walguard.admission.AdmissionMetrics;
import dev.walguard.admission.Outcome;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Objects;

/**
 * Runs on every request of the webhook port before its body is read. It answers with a JSON error: a declared body
 * over 7 MiB (413), an unreadable Content-Length (400), a POST without a Content-Type (415; a wrong one is answered
 * 415 by {@link HttpErrors}), and a body that does not fit the in-flight budget (503). It cuts off a request whose
 * body has not arrived within the body-read deadline. Bodies sent without a Content-Length are bounded by
 * {@code quarkus.http.limits.max-body-size} (also 7 MiB). Refusals of {@code /validate} are counted as admission
 * requests.
 */
@ApplicationScoped
public class RequestGuards {

    static final long MAX_BODY = 7L * 1024 * 1024;
    static final String BUDGET_FULL = "walguard has too many request bodies in flight; retry";
    private static final String VALIDATE = "/validate";
    /** Routing-context key: when a request to /validate arrived, for timing a refusal made further on. */
    private static final String STARTED = "walguard.validate.started";

    @Inject
    AdmissionMetrics metrics;

    @Inject
    HttpLimits limits;

    private BodyBudget budget;

    @PostConstruct
    void init() {
        budget = new BodyBudget(limits.inFlightBodyBudget());
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, 100);
    }

    /** Bytes of request bodies reserved now, all requests together. */
    long inFlightBodyBytes() {
        return budget.reserved();
    }

    void guard(RoutingContext rc) {
        if (VALIDATE.equals(rc.normalizedPath())) {
            rc.put(STARTED, metrics.start());
        }
        HttpServerRequest request = rc.request();
        long deadline = rc.vertx().setTimer(limits.bodyReadDeadline().toMillis(), id -> cutOff(rc));
        rc.addHeadersEndHandler(v -> {
            if (closesConnection(rc)) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        });
        rc.addEndHandler(ended -> {
            rc.vertx().cancelTimer(deadline);
            // The client may still be sending a body nobody reads: close rather than read it.
            if (closesConnection(rc)) {
                request.connection().close();
            }
        });
        long declared;
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                reject(rc, Outcome.INVALID, "Content-Length is not a number");
                return;
            }
            if (declared > MAX_BODY) {
                reject(rc, Outcome.TOO_LARGE, "request body is larger than 7 MiB");
                return;
            }
        } else {
            declared = undeclared(request);
        }
        if (request.method() == HttpMethod.POST && request.getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            reject(rc, Outcome.UNSUPPORTED_MEDIA_TYPE,
                    "content type is missing; send an AdmissionReview as application/json");
            return;
        }
        if (declared > 0) {
            BodyBudget.Reservation reservation = budget.reserve(declared);
            if (reservation == null) {
                reject(rc, Outcome.OVERLOADED, BUDGET_FULL);
                return;
            }
            // Whichever end comes first: answered, failed, connection closed, or cut off.
            rc.addEndHandler(ended -> reservation.release());
        }
        rc.next();
    }

    /**
     * What a request without Content-Length may send: nothing over HTTP/1.x unless chunked; over HTTP/2, nothing for
     * a GET or HEAD (a stream that never ends is cut off at the deadline), up to the 7 MiB limit for the rest.
     */
    private static long undeclared(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD ? 0 : MAX_BODY;
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null ? 0 : MAX_BODY;
    }

    /**
     * The deadline passed: a request whose body is still incomplete holds a connection (or stream) and a share of
     * the budget for a client that may never finish. Resetting closes an HTTP/1.x connection and resets only the
     * stream of an HTTP/2 one; the end handlers then release the reservation.
     */
    private void cutOff(RoutingContext rc) {
        if (!rc.request().isEnded()) {
            Log.debugf("cut off %s %s from %s: body not complete within %s", rc.request().method(),
                    rc.request().path(), rc.request().remoteAddress(), limits.bodyReadDeadline());
            rc.response().reset();
        }
    }

    /** A 413 or a 503 of the budget: the body is left unread, so the HTTP/1.x connection cannot be reused. */
    private static boolean closesConnection(RoutingContext rc) {
        int status = rc.response().getStatusCode();
        return rc.request().version() != HttpVersion.HTTP_2
                && (status == Outcome.TOO_LARGE.httpStatus() || BUDGET_FULL.equals(rc.get(BUDGET_FULL)));
    }

    private void reject(RoutingContext rc, Outcome outcome, String error) {
        refused(rc, metrics, outcome);
        if (BUDGET_FULL.equals(error)) {
            rc.put(BUDGET_FULL, BUDGET_FULL);
        }
        rc.response().setStatusCode(outcome.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + error + "\"}");
    }

    /** Counts a refusal when the request was one to /validate (the only path whose requests are admissions). */
    static void refused(RoutingContext rc, AdmissionMetrics metrics, Outcome outcome) {
        if (Objects.equals(VALIDATE, rc.normalizedPath())) {
            Long started = rc.get(STARTED);
            metrics.refused(started == null ? metrics.start() : started, outcome);
        }
    }
}
