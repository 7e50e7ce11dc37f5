package dev.walguard.policy;

/** What an unclassifiable volume (WAL003) is. */
public enum UnknownStorage {
    WARN,
    DENY
}
