package dev.walguard.http;

import dev.walguard.admission.InvalidReviewException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place that maps outcomes to HTTP status codes. Every error body is {@code {"error": "..."}}; no stack
 * trace ever reaches a client.
 *
 * <pre>
 * outcome                                   HTTP
 * any well-formed review (allowed, denied)  200  (the decision is inside the AdmissionReview)
 * malformed body, not an AdmissionReview    400
 * body over 7 MiB                           413  ({@link RequestGuards})
 * content type other than JSON, or none      415  (none: {@link RequestGuards})
 * </pre>
 */
public class HttpErrors {

    @ServerExceptionMapper
    public Response invalidReview(InvalidReviewException e) {
        return error(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unsupportedType(NotSupportedException e) {
        return error(415, "content type is not supported; send an AdmissionReview as application/json");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        if (status >= 500) {
            Log.error("request failed", e);
            return error(status, "internal error");
        }
        return error(status, e.getMessage() == null ? "request rejected" : e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("unexpected error while answering a request", e);
        return error(500, "internal error; see the walguard log");
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }
}
