package dev.walguard.http;

import dev.walguard.admission.AdmissionReviewHandler;
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] validate(byte[] body) {
        return handler.handle(body);
    }
}
