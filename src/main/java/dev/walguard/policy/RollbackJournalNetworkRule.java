package dev.walguard.policy;

import java.util.List;

/**
 * WAL007: a detected app keeps its SQLite database in rollback-journal mode on a network filesystem. Without WAL
 * there is no shared-memory index to diverge, but SQLite still relies on POSIX advisory locks ({@code fcntl}) to
 * keep two writers apart, and those are unreliable over NFS and SMB; sqlite.org advises against any network
 * filesystem. Less certain than WAL001, so a warning unless {@code walguard.rollback-journal=deny}.
 */
final class RollbackJournalNetworkRule implements VolumeRule {

    private final Severity severity;

    RollbackJournalNetworkRule(RollbackJournal setting) {
        this.severity = setting == RollbackJournal.DENY ? Severity.VIOLATION : Severity.WARNING;
    }

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        if (ctx.storage().type() != StorageType.NETWORK) {
            return;
        }
        List<String> containers = ctx.mountingContainers();
        String workload = ctx.workload().display();
        out.add(ctx.finding(
                RuleId.WAL007,
                severity,
                containers,
                workload + " " + NetworkFilesystemRule.containerPhrase(containers)
                        + " cannot keep a SQLite database in rollback-journal mode safely on " + ctx.describeVolume()
                        + " because it is a network filesystem: "
                        + ctx.storage().reason()
                        + ". SQLite's fcntl locks are unreliable over NFS and SMB, so two writers can corrupt the "
                        + "database; sqlite.org advises against network filesystems.",
                workload + " " + ctx.briefVolume() + " is a network filesystem; SQLite's locks are unreliable there.",
                "Use a ReadWriteOnce claim on a block or local StorageClass" + ctx.safeClassHint() + "."));
    }
}
