package dev.walguard.policy;

import java.util.Set;

/**
 * Settings the policy needs, as plain values (the webhook builds them from configuration, the CLI from flags).
 *
 * @param mode             the global mode, overridden per namespace by the {@code walguard.dev/mode} label
 * @param exemptNamespaces namespaces never evaluated
 * @param unknownStorage   whether WAL003 warns or denies
 * @param patterns         admin driver patterns
 * @param detection        whether unannotated workloads are recognised by their images
 * @param rollbackJournal  whether WAL007 warns or denies
 * @param exceptions       which rules {@code walguard.dev/ignore} may set aside
 */
public record PolicySettings(
        Mode mode,
        Set<String> exemptNamespaces,
        UnknownStorage unknownStorage,
        StoragePatterns patterns,
        Detection detection,
        RollbackJournal rollbackJournal,
        Exceptions exceptions) {

    public static final Set<String> DEFAULT_EXEMPT = Set.of("kube-system", "kube-public", "kube-node-lease");

    public PolicySettings {
        exemptNamespaces = Set.copyOf(exemptNamespaces);
    }

    /** The settings of the first four parameters, every later one at its default. */
    public PolicySettings(
            Mode mode, Set<String> exemptNamespaces, UnknownStorage unknownStorage, StoragePatterns patterns) {
        this(
                mode,
                exemptNamespaces,
                unknownStorage,
                patterns,
                Detection.IMAGES,
                RollbackJournal.WARN,
                Exceptions.WARNINGS);
    }

    public static PolicySettings defaults() {
        return new PolicySettings(Mode.ENFORCE, DEFAULT_EXEMPT, UnknownStorage.WARN, StoragePatterns.NONE);
    }
}
