package dev.walguard.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Guards that answer before a body is read, with a JSON error: a declared body over 7 MiB (413), an unreadable
 * Content-Length (400), and a POST without a Content-Type (415; a wrong one is answered 415 by {@link HttpErrors}).
 * Bodies sent without a Content-Length are bounded by {@code quarkus.http.limits.max-body-size} (also 7 MiB).
 */
@ApplicationScoped
public class RequestGuards {

    static final long MAX_BODY = 7L * 1024 * 1024;

    void register(@Observes Filters filters) {
        filters.register(this::guard, 100);
    }

    void guard(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) {
                    // The client may still be sending the body: close rather than read it.
                    rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                    reject(rc, 413, "request body is larger than 7 MiB");
                    return;
                }
            } catch (NumberFormatException e) {
                reject(rc, 400, "Content-Length is not a number");
                return;
            }
        }
        if (rc.request().method() == HttpMethod.POST && rc.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            reject(rc, 415, "content type is missing; send an AdmissionReview as application/json");
            return;
        }
        rc.next();
    }

    private static void reject(RoutingContext rc, int status, String error) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":\"" + error + "\"}");
    }
}
