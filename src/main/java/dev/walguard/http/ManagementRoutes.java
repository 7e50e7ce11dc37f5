package dev.walguard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walguard.audit.AuditService;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code GET /report} on the management port (9000), beside health and metrics: the webhook port serves only
 * {@code /validate}, so the port every pod can reach answers nothing but reviews.
 */
@ApplicationScoped
public class ManagementRoutes {

    @Inject
    AuditService audit;

    @Inject
    ObjectMapper json;

    void register(@Observes ManagementInterface management) {
        // Building the report copies every workload's results: off the event loop.
        management.router().get("/report").blockingHandler(this::report, false);
    }

    private void report(RoutingContext rc) {
        try {
            rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(audit.report())));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }
}
