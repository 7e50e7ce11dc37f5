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
                        "Use a ReadWriteOnce claim on a block or local StorageClass" + ctx.safeClassHint() + ".")));
    }

    static String containerPhrase(List<String> containers) {
        if (containers.isEmpty()) {
            return "(no container mounts it)";
        }
        return (containers.size() == 1 ? "container " : "containers ") + VolumeContext.and(containers);
    }
}
