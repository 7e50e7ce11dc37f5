package dev.walguard.policy;

/** Which rules a workload may set aside with {@code walguard.dev/ignore}. */
public enum Exceptions {
    /** Only rules whose findings are warnings. */
    WARNINGS,
    /** Any rule. */
    ALL,
    /** None: the annotation is reported and has no effect. */
    NONE
}
