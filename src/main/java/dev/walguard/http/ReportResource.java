package dev.walguard.http;

import dev.walguard.audit.AuditReport;
import dev.walguard.audit.AuditService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Current findings of every marked workload, from the background audit. */
@Path("/report")
public class ReportResource {

    @Inject
    AuditService audit;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public AuditReport report() {
        return audit.report();
    }
}
