package dev.walguard.policy;

import java.util.Locale;
import java.util.Optional;

/** How findings turn into admission decisions. */
public enum Mode {
    ENFORCE,
    AUDIT,
    OFF;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label value such as {@code audit}; empty for anything else. */
    public static Optional<Mode> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Mode mode : values()) {
            if (mode.label().equals(value.trim())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
