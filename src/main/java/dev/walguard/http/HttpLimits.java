package dev.walguard.http;

import java.time.Duration;

/**
 * What {@link RequestGuards} enforces beyond Quarkus' own limits (see application.properties).
 *
 * @param inFlightBodyBudget bytes of request bodies that may be in flight at once, all connections together,
 *                           reserved from each request's declared Content-Length (7 MiB without one)
 * @param bodyReadDeadline   from a request's headers to the end of its body; a slower request is cut off
 */
public record HttpLimits(long inFlightBodyBudget, Duration bodyReadDeadline) {

    public HttpLimits {
        if (inFlightBodyBudget < RequestGuards.MAX_BODY) {
            throw new IllegalArgumentException(
                    "walguard.http.in-flight-body-budget must be at least 7M, the largest " + "body walguard accepts");
        }
        if (bodyReadDeadline.isNegative() || bodyReadDeadline.isZero()) {
            throw new IllegalArgumentException("walguard.http.body-read-deadline must be positive");
        }
    }
}
