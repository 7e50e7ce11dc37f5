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
        String workload = ctx.workload().display();
        out.add(ctx.finding(
                RuleId.WAL001,
                Severity.VIOLATION,
                containers,
                () -> new Finding.Text(
                        workload + " " + containerPhrase(containers) + " cannot keep a SQLite WAL database on "
                                + ctx.describeVolume() + " because it is a network filesystem: "
                                + ctx.storage().reason()
                                + ". Its hosts do not share the memory-mapped, fcntl-locked -shm wal-index, so the database "
                                + "corrupts.",
                        workload + " " + ctx.briefVolume() + " is a network filesystem; SQLite WAL corrupts there.",
                        fix(ctx))));
    }

    /** A host directory (seen on a node's network mount) can also move to a local disk of the node. */
    private static String fix(VolumeContext ctx) {
        String claim = "a ReadWriteOnce claim on a block or local StorageClass" + ctx.safeClassHint();
        boolean hostPath =
                ctx.volume().volume() != null && ctx.volume().volume().getHostPath() != null;
        return hostPath
                ? "Keep the data in a host directory on a local disk of the node, or use " + claim + "."
                : "Use " + claim + ".";
    }

    static String containerPhrase(List<String> containers) {
        if (containers.isEmpty()) {
            return "(no container mounts it)";
        }
        return (containers.size() == 1 ? "container " : "containers ") + VolumeContext.and(containers);
    }
}
