package dev.walguard.policy;

public enum Severity {
    /** Denies in enforce mode. */
    VIOLATION,
    /** Never denies; reported as an admission warning. */
    WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
