package dev.walguard.http;

import dev.walguard.admission.AdmissionExecutor;
import dev.walguard.admission.AdmissionReviewHandler;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The admission endpoint the API server calls. Errors become HTTP answers in {@link HttpErrors}. */
@Path("/validate")
public class ValidateResource {

    @Inject
    AdmissionReviewHandler handler;

    @Inject
    AdmissionExecutor executor;

    /**
     * Returning a Uni makes Quarkus REST read the body without blocking, on the event loop, so a client that
     * withholds its body holds no thread; the review is then evaluated on the bounded admission pool, whose full
     * queue is answered 503.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<byte[]> validate(byte[] body) {
        return Uni.createFrom().item(() -> handler.handle(body)).runSubscriptionOn(executor);
    }
}
