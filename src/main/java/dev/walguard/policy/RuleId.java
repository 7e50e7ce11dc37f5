package dev.walguard.policy;

/** The rules of the contract, with the short names that appear in docs and reports. */
public enum RuleId {
    WAL000("annotation-invalid", "A walguard.dev annotation or mode label is malformed."),
    WAL001("network-filesystem", "A SQLite WAL database is on a network filesystem, where it corrupts."),
    WAL002("uid-mismatch", "Processes sharing a SQLite WAL database run as different UIDs."),
    WAL003("storage-unknown", "The storage behind a SQLite WAL database cannot be classified."),
    WAL004("read-only-access", "A SQLite WAL database is mounted read-only; WAL readers need write access."),
    WAL005("container-filesystem", "A SQLite database path lies on no volume and is lost on restart."),
    WAL006("uid-unverifiable", "Processes sharing a SQLite WAL database may run as different UIDs."),
    WAL007(
            "rollback-journal-network",
            "A detected app keeps a rollback-journal SQLite database on a network filesystem, whose locks are "
                    + "unreliable."),
    WAL008(
            "observed-wal-network",
            "The node agent found a SQLite WAL database on a pod volume that is a network filesystem.");

    private final String ruleName;
    private final String description;

    RuleId(String ruleName, String description) {
        this.ruleName = ruleName;
        this.description = description;
    }

    public String ruleName() {
        return ruleName;
    }

    /** One sentence for rule lists (SARIF, docs). */
    public String description() {
        return description;
    }
}
