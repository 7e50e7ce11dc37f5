package dev.walguard.policy;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * WAL002: parties sharing a volume run as different UIDs. A warning when the only other UID is root, or when all
 * parties share an explicitly set group; a violation otherwise.
 */
final class UidMismatchRule implements VolumeRule {

    private static final String FIX = "Run every container that opens the database with the same runAsUser, or give "
            + "them all a common fsGroup or supplemental group.";

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        if (ctx.parties().size() < 2) {
            return;
        }
        List<Party> known = ctx.parties().stream().filter(p -> p.uid() != null).toList();
        Set<Long> uids = new LinkedHashSet<>();
        known.forEach(p -> uids.add(p.uid()));
        if (uids.size() < 2) {
            return;
        }
        Set<Long> nonRoot = new LinkedHashSet<>(uids);
        nonRoot.remove(0L);
        // Only needed when two non-root UIDs meet; it reads every party's groups.
        Long shared = nonRoot.size() <= 1 ? null : firstSharedGroup(ctx.parties());
        List<String> names = known.stream().map(Party::name).toList();
        if (nonRoot.size() <= 1) {
            out.add(ctx.finding(
                    RuleId.WAL002,
                    Severity.WARNING,
                    names,
                    () -> new Finding.Text(
                            shares(ctx, known)
                                    + "; it works only because the other UID is root, which opens any file, and "
                                    + "SQLite gives the -shm and -wal files root creates to the database file's owner.",
                            briefShares(ctx, known) + "; works only because the other is root.",
                            FIX)));
        } else if (shared != null) {
            long group = shared;
            out.add(ctx.finding(
                    RuleId.WAL002,
                    Severity.WARNING,
                    names,
                    () -> new Finding.Text(
                            shares(ctx, known) + "; they share group " + group
                                    + ", so it works while -shm and -wal stay group-writable.",
                            briefShares(ctx, known) + "; works through shared group " + group + ".",
                            "Prefer one runAsUser for every container that opens the database.")));
        } else {
            out.add(ctx.finding(
                    RuleId.WAL002,
                    Severity.VIOLATION,
                    names,
                    () -> new Finding.Text(
                            ctx.workload().display()
                                    + " cannot share the SQLite WAL database on " + ctx.describeVolume() + " between "
                                    + Prose.and(known, Party::describe)
                                    + " because they run as different UIDs with no common group: -shm and -wal belong to whoever "
                                    + "opens the database first, and the others fail with SQLITE_READONLY.",
                            briefShares(ctx, known) + " with no common group (SQLITE_READONLY).",
                            FIX)));
        }
    }

    // The sentences are built only when a finding's text is read (Finding): most of them never are.
    private static String shares(VolumeContext ctx, List<Party> known) {
        return ctx.workload().display() + " shares the SQLite WAL database on " + ctx.describeVolume()
                + " between different UIDs: " + Prose.and(known, Party::describe);
    }

    private static String briefShares(VolumeContext ctx, List<Party> known) {
        return ctx.workload().display() + " " + ctx.briefVolume() + " is shared by different UIDs: "
                + Prose.and(known, p -> p.name() + " (" + p.uidText() + ")");
    }

    /**
     * The first group (in the first party's order: runAsGroup, fsGroup, supplementalGroups) that every party has,
     * or null. Parties of one pod share its group set, so each pod's set is read once, whatever its number of
     * containers: (S ∪ {a}) ∩ (S ∪ {b}) is S, plus a when a equals b.
     */
    static Long firstSharedGroup(List<Party> parties) {
        if (parties.isEmpty()) {
            return null;
        }
        Map<Set<Long>, Long> podGid = new IdentityHashMap<>();
        for (Party p : parties) {
            if (!podGid.containsKey(p.podGroups())) {
                podGid.put(p.podGroups(), p.gid());
            } else if (!Objects.equals(podGid.get(p.podGroups()), p.gid())) {
                podGid.put(p.podGroups(), null);
            }
        }
        Set<Long> shared = null;
        for (Map.Entry<Set<Long>, Long> pod : podGid.entrySet()) {
            Set<Long> groups = new HashSet<>(pod.getKey());
            if (pod.getValue() != null) {
                groups.add(pod.getValue());
            }
            if (shared == null) {
                shared = groups;
            } else {
                shared.retainAll(groups);
            }
        }
        Party first = parties.get(0);
        if (first.gid() != null && shared.contains(first.gid())) {
            return first.gid();
        }
        return first.podGroups().stream().filter(shared::contains).findFirst().orElse(null);
    }
}
