package dev.walguard.policy;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * WAL002: parties sharing a volume run as different UIDs. A warning when the only other UID is root, or when all
 * parties share an explicitly set group; a violation otherwise.
 */
final class UidMismatchRule implements VolumeRule {

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        List<Party> known = ctx.parties().stream().filter(p -> p.uid() != null).toList();
        Set<Long> uids = new LinkedHashSet<>();
        known.forEach(p -> uids.add(p.uid()));
        if (uids.size() < 2) {
            return;
        }
        Set<Long> nonRoot = new LinkedHashSet<>(uids);
        nonRoot.remove(0L);
        Set<Long> shared = sharedGroups(ctx.parties());
        String who = String.join(", ", known.stream().map(Party::describe).toList());
        List<String> names = known.stream().map(Party::name).toList();
        String fix = "Run every container that opens the database with the same runAsUser, or give them all a "
                + "common fsGroup (or supplemental group) so group-writable -shm and -wal files work.";
        if (nonRoot.size() <= 1) {
            out.add(ctx.finding(RuleId.WAL002, Severity.WARNING, names, ctx.workload().display() + " shares the "
                    + "SQLite WAL database on " + ctx.describeVolume() + " between different UIDs: " + who
                    + "; it works only because the other UID is root: root opens any file, and SQLite gives the "
                    + "-shm and -wal files root creates to the database file's owner.", fix));
        } else if (!shared.isEmpty()) {
            out.add(ctx.finding(RuleId.WAL002, Severity.WARNING, names, ctx.workload().display() + " shares the "
                    + "SQLite WAL database on " + ctx.describeVolume() + " between different UIDs: " + who
                    + "; they share group " + shared.iterator().next() + ", so it works while -shm and -wal stay "
                    + "group-writable.", "Prefer one runAsUser for every container that opens the database."));
        } else {
            out.add(ctx.finding(RuleId.WAL002, Severity.VIOLATION, names, ctx.workload().display()
                    + " cannot share the SQLite WAL database on " + ctx.describeVolume() + " between " + who
                    + " because they run as different UIDs with no common group: -shm and -wal belong to whoever "
                    + "opens the database first, and the others fail with SQLITE_READONLY.", fix));
        }
    }

    private static Set<Long> sharedGroups(List<Party> parties) {
        Set<Long> shared = null;
        for (Party p : parties) {
            if (shared == null) {
                shared = new LinkedHashSet<>(p.groups());
            } else {
                shared.retainAll(new HashSet<>(p.groups()));
            }
        }
        return shared == null ? Set.of() : shared;
    }
}
