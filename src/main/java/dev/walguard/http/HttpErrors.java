package dev.walguard.http;

import dev.walguard.admission.AdmissionMetrics;
import dev.walguard.admission.InvalidReviewException;
import dev.walguard.admission.Outcome;
import io.quarkus.logging.Log;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps exceptions to the HTTP statuses of the {@link Outcome} table. Every error body is {@code {"error": "..."}};
 * no stack trace ever reaches a client.
 */
public class HttpErrors {

    static final String QUEUE_FULL = "walguard has too many reviews queued; retry";

    @Inject
    AdmissionMetrics metrics;

    /** Already counted by the handler, which knows what it could read of the review. */
    @ServerExceptionMapper
    public Response invalidReview(InvalidReviewException e) {
        return error(Outcome.INVALID, e.getMessage());
    }

    /** Quarkus REST refuses the Content-Type before the handler runs, so it is counted here. */
    @ServerExceptionMapper
    public Response unsupportedType(NotSupportedException e, RoutingContext rc) {
        RequestGuards.refused(rc, metrics, Outcome.UNSUPPORTED_MEDIA_TYPE);
        return error(
                Outcome.UNSUPPORTED_MEDIA_TYPE,
                "content type is not supported; send an AdmissionReview as " + "application/json");
    }

    /** The admission pool is busy and its queue full: the API server may retry, or apply the failurePolicy. */
    @ServerExceptionMapper
    public Response overloaded(RejectedExecutionException e, RoutingContext rc) {
        RequestGuards.refused(rc, metrics, Outcome.OVERLOADED);
        return error(Outcome.OVERLOADED, QUEUE_FULL);
    }

    /** Not an admission outcome (an unknown path, a wrong method, ...): the exception's own status. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null
                ? Outcome.INVALID.httpStatus()
                : e.getResponse().getStatus();
        if (Response.Status.Family.familyOf(status) == Response.Status.Family.SERVER_ERROR) {
            Log.error("request failed", e);
            return error(status, "internal error");
        }
        return error(status, e.getMessage() == null ? "request rejected" : e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("unexpected error while answering a request", e);
        return error(Outcome.UNHANDLED, "internal error; see the walguard log");
    }

    private static Response error(Outcome outcome, String message) {
        return error(outcome.httpStatus(), message);
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message))
                .build();
    }
}
