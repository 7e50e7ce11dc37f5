package dev.walguard.policy;

import java.util.Optional;

/** The operations an AdmissionReview request can carry ({@code request.operation}). */
public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    CONNECT;

    /** The operation spelled exactly as the API server sends it (upper case); empty for anything else. */
    public static Optional<Operation> parse(String value) {
        for (Operation operation : values()) {
            if (operation.name().equals(value)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }

    /** Only CREATE and UPDATE put an object in place, so only they are judged. */
    boolean evaluated() {
        return this == CREATE || this == UPDATE;
    }
}
