package dev.walguard.policy;

/** How a SQLite database keeps its journal: the write-ahead log, or the rollback journal (SQLite's default). */
public enum JournalMode {
    WAL,
    ROLLBACK
}
