package dev.walguard.http;

import dev.walguard.admission.AdmissionMetrics;
import dev.walguard.admission.Outcome;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Requests the router refuses before any route runs (an HTTP/1.1 request without a Host header, an HTTP/2 one without
 * :authority, a path that does not start with /) get the contract's {@code {"error": "..."}} body instead of Quarkus'
 * error page. Anything else goes on to Quarkus' handler.
 */
@ApplicationScoped
public class RouterFailures {

    @Inject
    AdmissionMetrics metrics;

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext rc) {
        int status = rc.statusCode();
        if (status < 400
                || status >= 500
                || !(rc.failure() instanceof VertxException)
                || rc.response().headWritten()) {
            rc.next();
            return;
        }
        if (status == Outcome.INVALID.httpStatus()) {
            RequestGuards.refused(rc, metrics, Outcome.INVALID);
        }
        String message = rc.failure().getMessage() == null
                ? "request rejected"
                : rc.failure().getMessage();
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        // RequestGuards did not run: its deadline does not hold this request, so an unread body closes here.
        boolean close =
                rc.request().version() != HttpVersion.HTTP_2 && !rc.request().isEnded();
        if (close) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        rc.response().end(Json.encode(Map.of("error", message))).onSuccess(v -> {
            if (close) {
                RequestGuards.lingerThenClose(rc);
            }
        });
    }
}
