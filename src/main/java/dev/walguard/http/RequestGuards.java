package dev.walguard.http;

import dev.walguard.admission.AdmissionMetrics;
import dev.walguard.admission.Outcome;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpConnection;
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
 * requests; every cut (413, 503 of the budget, the deadline) also in {@link CutRequests}.
 */
@ApplicationScoped
public class RequestGuards {

    static final long MAX_BODY = 7L * 1024 * 1024;
    static final String BUDGET_FULL = "walguard has too many request bodies in flight; retry";
    private static final String VALIDATE = "/validate";
    /** How long an answered connection keeps reading (and discarding) a body before it is closed. */
    private static final long LINGER_MS = 2000;
    /** Routing-context key: when a request to /validate arrived, for timing a refusal made further on. */
    private static final String STARTED = "walguard.validate.started";
    /** Routing-context key: the request's share of the in-flight body budget. */
    private static final String RESERVATION = "walguard.body.reservation";

    @Inject
    AdmissionMetrics metrics;

    @Inject
    HttpLimits limits;

    @Inject
    CutRequests cut;

    private BodyBudget budget;

    @PostConstruct
    void init() {
        budget = new BodyBudget(limits.inFlightBodyBudget());
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, 100);
    }

    /** Bytes of request bodies reserved now, all requests together. */
    public long inFlightBodyBytes() {
        return budget.reserved();
    }

    void guard(RoutingContext rc) {
        if (VALIDATE.equals(rc.normalizedPath())) {
            rc.put(STARTED, metrics.start());
        }
        HttpServerRequest request = rc.request();
        long deadline = rc.vertx().setTimer(limits.bodyReadDeadline().toMillis(), id -> cutOff(rc));
        rc.addHeadersEndHandler(v -> {
            // Every 413: the declared ones refused below, and the chunked bodies Quarkus cuts at 7 MiB.
            if (rc.response().getStatusCode() == Outcome.TOO_LARGE.httpStatus()) {
                cut.count(CutRequests.Reason.TOO_LARGE);
            }
            if (closesConnection(rc)) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        });
        rc.addEndHandler(ended -> {
            rc.vertx().cancelTimer(deadline);
            if (ended.succeeded() && closesConnection(rc)) {
                lingerThenClose(rc);
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
            reject(
                    rc,
                    Outcome.UNSUPPORTED_MEDIA_TYPE,
                    "content type is missing; send an AdmissionReview as application/json");
            return;
        }
        if (declared > 0) {
            BodyBudget.Reservation reservation = budget.reserve(declared);
            if (reservation == null) {
                cut.count(CutRequests.Reason.BUDGET);
                reject(rc, Outcome.OVERLOADED, BUDGET_FULL);
                return;
            }
            // Whichever end comes first: answered, failed, connection closed, or cut off (which Quarkus REST does
            // not always report as an end).
            rc.put(RESERVATION, reservation);
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
     * stream of an HTTP/2 one.
     */
    private void cutOff(RoutingContext rc) {
        if (!rc.request().isEnded()) {
            Log.debugf(
                    "cut off %s %s from %s: body not complete within %s",
                    rc.request().method(),
                    rc.request().path(),
                    rc.request().remoteAddress(),
                    limits.bodyReadDeadline());
            if (!rc.response().closed()) {
                cut.count(CutRequests.Reason.DEADLINE);
            }
            rc.response().reset();
            BodyBudget.Reservation reservation = rc.get(RESERVATION);
            if (reservation != null) {
                reservation.release();
            }
        }
    }

    /**
     * An HTTP/1.x answer sent before the request's body was read (a 413, a 503 of the budget, a 400 or 415 from the
     * headers): the connection cannot carry another request, and the client may still be sending a body nobody will
     * read. A 413 closes it in every case.
     */
    private static boolean closesConnection(RoutingContext rc) {
        return rc.request().version() != HttpVersion.HTTP_2
                && (rc.response().getStatusCode() == Outcome.TOO_LARGE.httpStatus()
                        || !rc.request().isEnded());
    }

    /**
     * Closes the connection once the client has sent the rest of its body (discarded), or after {@link #LINGER_MS},
     * whichever comes first. Closing at once would reset a client still writing its body before it reads the answer
     * (a broken pipe instead of the 413); lingering briefly, as web servers do, lets it read the answer.
     */
    static void lingerThenClose(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpConnection connection = request.connection();
        if (request.isEnded() || rc.response().closed()) {
            connection.close();
            return;
        }
        long linger = rc.vertx().setTimer(LINGER_MS, id -> connection.close());
        request.handler(discarded -> {}).endHandler(v -> {
            rc.vertx().cancelTimer(linger);
            connection.close();
        });
        request.resume();
    }

    private void reject(RoutingContext rc, Outcome outcome, String error) {
        refused(rc, metrics, outcome);
        rc.response()
                .setStatusCode(outcome.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
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
