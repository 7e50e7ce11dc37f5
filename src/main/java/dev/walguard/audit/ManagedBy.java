package dev.walguard.audit;

import java.util.Map;

/** How walguard names and labels what it writes, so that a new leader finds (and sweeps) its own objects. */
final class ManagedBy {

    static final String LABEL = "app.kubernetes.io/managed-by";
    /** The label's value, the name of each report, and the Events' reporting component. */
    static final String WALGUARD = "walguard";

    private ManagedBy() {}

    static Map<String, String> labels() {
        return Map.of(LABEL, WALGUARD);
    }
}
