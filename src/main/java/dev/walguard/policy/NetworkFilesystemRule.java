package dev.walguard.policy;

import java.util.List;

/** WAL001: a volume in scope is backed by a network-shared filesystem. */
final class NetworkFilesystemRule implements VolumeRule {

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        if (ctx.storage().type() != StorageType.NETWORK) {
            return;
        }
        List<String> containers = ctx.mountingContainers();
        out.add(ctx.finding(RuleId.WAL001, Severity.VIOLATION, containers,
                ctx.workload().display() + " " + containerPhrase(containers) + " cannot keep a SQLite WAL database on "
                        + ctx.describeVolume() + " because it is a network filesystem (" + ctx.storage().reason()
                        + "): the -shm wal-index is memory-mapped and locked per host, so the database corrupts.",
                "Move the database to a ReadWriteOnce claim on a block or local StorageClass" + ctx.safeClassHint()
                        + ".")); 
    }

    static String containerPhrase(List<String> containers) {
        if (containers.isEmpty()) {
            return "(no container mounts it)";
        }
        return (containers.size() == 1 ? "container " : "containers ") + String.join(", ", containers);
    }
}
