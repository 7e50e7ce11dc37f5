package dev.walguard.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts requests of the webhook port that were cut off before their body was read, whatever their path, as
 * {@code walguard.http.requests.cut} with a {@code reason} from {@link Reason}: a fixed set, registered at start so
 * each series exists (at 0) before the first cut. A rising count means a client is holding the port up or sending
 * more than any review needs.
 */
@Startup
@ApplicationScoped
public class CutRequests {

    static final String NAME = "walguard.http.requests.cut";

    /** Why a request was cut off; its label value is the lower-case name. */
    enum Reason {
        /** Its body was not complete within the body-read deadline: the connection or stream was reset. */
        DEADLINE,
        /** Its body is over 7 MiB, declared or as sent: 413. */
        TOO_LARGE,
        /** Its body did not fit the in-flight body budget: 503. */
        BUDGET;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Inject
    MeterRegistry registry;

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    @PostConstruct
    void init() {
        for (Reason reason : Reason.values()) {
            counters.put(
                    reason,
                    Counter.builder(NAME)
                            .description("requests cut off before their body was read, by reason")
                            .tag("reason", reason.label())
                            .register(registry));
        }
    }

    void count(Reason reason) {
        counters.get(reason).increment();
    }
}
