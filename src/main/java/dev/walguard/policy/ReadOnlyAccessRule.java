package dev.walguard.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
        } else {
            readOnly = readOnlyMounters(ctx.volume().mounts());
            if (readOnly.isEmpty()) {
                return;
            }
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

    /**
     * The names of the containers that mount the volume read-only, in order, each once. A loop, and a set only for
     * more than one mount: this runs for every volume in scope.
     */
    private static List<String> readOnlyMounters(List<Mount> mounts) {
        if (mounts.size() == 1) {
            return mounts.get(0).readOnly() ? List.of(mounts.get(0).container().name()) : List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (Mount m : mounts) {
            if (m.readOnly()) {
                names.add(m.container().name());
            }
        }
        return List.copyOf(names);
    }
}
