package dev.walguard.policy;

import java.util.List;

/** WAL004: a volume in scope is mounted read-only, or its claim only allows ReadOnlyMany. */
final class ReadOnlyAccessRule implements VolumeRule {

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        List<String> readOnly;
        String how;
        if (ctx.storage().readOnlyClaim()) {
            readOnly = ctx.mountingContainers();
            how = "its claim's only access mode is ReadOnlyMany";
        } else if (ctx.volume().readOnlySource()) {
            readOnly = ctx.mountingContainers();
            how = "the pod mounts its claim readOnly";
        } else if (ctx.volume().mounts().stream().noneMatch(Mount::readOnly)) {
            return;
        } else {
            readOnly = ctx.volume().mounts().stream()
                    .filter(Mount::readOnly)
                    .map(m -> m.container().name())
                    .distinct()
                    .toList();
            how = "the volumeMount sets readOnly: true";
        }
        if (readOnly.isEmpty()) {
            return;
        }
        String because = how;
        // The sentences are built only when a finding's text is read (Finding): most of them never are.
        out.add(ctx.finding(RuleId.WAL004, Severity.WARNING, readOnly, () -> {
            String who = ctx.workload().display() + " " + NetworkFilesystemRule.containerPhrase(readOnly);
            return new Finding.Text(
                    who + " cannot read the SQLite WAL database on " + ctx.describeVolume() + " reliably because "
                            + because + ", and WAL readers need write access to -shm.",
                    who + " mounts " + ctx.briefVolume() + " read-only (" + because
                            + "); WAL readers need write access to -shm.",
                    "Mount the volume read-write, or open the database with immutable=1 if it never changes.");
        }));
    }
}
