package dev.walguard.policy;

/** The rules of the contract, with the short names that appear in docs and reports. */
public enum RuleId {
    WAL000("annotation-invalid"),
    WAL001("network-filesystem"),
    WAL002("uid-mismatch"),
    WAL003("storage-unknown"),
    WAL004("read-only-access"),
    WAL005("container-filesystem"),
    WAL006("uid-unverifiable");

    private final String ruleName;

    RuleId(String ruleName) {
        this.ruleName = ruleName;
    }

    public String ruleName() {
        return ruleName;
    }
}
