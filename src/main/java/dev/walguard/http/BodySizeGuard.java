package dev.walguard.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Rejects bodies over 7 MiB before they are read, with a JSON error. Bodies sent without a Content-Length are
 * bounded by {@code quarkus.http.limits.max-body-size} (also 7 MiB).
 */
@ApplicationScoped
public class BodySizeGuard {

    static final long MAX_BODY = 7L * 1024 * 1024;

    void register(@Observes Filters filters) {
        filters.register(this::limit, 100);
    }

    void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) {
                    rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end("{\"error\":\"request body is larger than 7 MiB\"}");
                    return;
                }
            } catch (NumberFormatException e) {
                rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"error\":\"Content-Length is not a number\"}");
                return;
            }
        }
        rc.next();
    }
}
