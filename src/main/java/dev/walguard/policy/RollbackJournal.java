package dev.walguard.policy;

/** What a detected app that keeps SQLite in rollback-journal mode on a network filesystem (WAL007) is. */
public enum RollbackJournal {
    WARN,
    DENY
}
