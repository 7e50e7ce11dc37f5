package dev.walguard.policy;

import java.util.List;

/** WAL003: the storage behind a volume in scope cannot be classified. */
final class StorageUnknownRule implements VolumeRule {

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        if (ctx.storage().type() != StorageType.UNKNOWN) {
            return;
        }
        Severity severity = ctx.unknownStorage() == UnknownStorage.DENY ? Severity.VIOLATION : Severity.WARNING;
        List<String> containers = ctx.mountingContainers();
        String workload = ctx.workload().display();
        out.add(ctx.finding(
                RuleId.WAL003,
                severity,
                containers,
                workload + " " + NetworkFilesystemRule.containerPhrase(containers)
                        + " cannot be checked for SQLite WAL safety on " + ctx.describeVolume() + " because "
                        + ctx.storage().reason() + ".",
                workload + " " + ctx.briefVolume() + ": storage cannot be classified because "
                        + ctx.storage().reason() + ".",
                "Use a StorageClass walguard knows, or annotate the PV or StorageClass with "
                        + "walguard.dev/storage-type: block|local|network."));
    }
}
