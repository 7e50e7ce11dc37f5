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
 *
 * <p>An init container that runs to completion before the app never holds the database open beside it, but files it
 * creates there (the database itself, or a -wal and -shm a migration leaves) belong to its UID. So it counts when its
 * spec sets a UID other than root ({@link Party#leavesOwnedFiles()}), and the finding says it runs before the app.
 */
final class UidMismatchRule implements VolumeRule {

    private static final String FIX = "Run every container that opens the database with the same runAsUser, or give "
            + "them all a common fsGroup or supplemental group.";

    @Override
    public void check(VolumeContext ctx, List<Finding> out) {
        List<Party> parties =
                ctx.parties().stream().filter(Party::leavesOwnedFiles).toList();
        if (parties.size() < 2) {
            return;
        }
        List<Party> known = parties.stream().filter(p -> p.uid() != null).toList();
        Set<Long> uids = new LinkedHashSet<>();
        known.forEach(p -> uids.add(p.uid()));
        if (uids.size() < 2) {
            return;
        }
        Set<Long> nonRoot = new LinkedHashSet<>(uids);
        nonRoot.remove(0L);
        Long shared = firstSharedGroup(parties);
        List<String> names = known.stream().map(Party::name).toList();
        // The sentences are built only when a finding's text is read (Finding): most of them never are.
        Words w = new Words(ctx, known);
        // A group they already share is never the fix to offer.
        String preferOneUid = "Prefer one runAsUser for every container that opens the database.";
        if (nonRoot.size() <= 1) {
            out.add(ctx.finding(
                    RuleId.WAL002,
                    Severity.WARNING,
                    names,
                    () -> new Finding.Text(
                            w.shares() + "; it works only because the other UID is root, which opens any file, and "
                                    + "SQLite gives the -shm and -wal files root creates to the database file's owner.",
                            w.briefShares() + "; works only because the other is root.",
                            shared == null ? FIX : preferOneUid)));
        } else if (shared != null) {
            long group = shared;
            out.add(ctx.finding(
                    RuleId.WAL002,
                    Severity.WARNING,
                    names,
                    () -> new Finding.Text(
                            w.shares() + "; they share group " + group
                                    + ", so it works while -shm and -wal stay group-writable.",
                            w.briefShares() + "; works through shared group " + group + ".",
                            preferOneUid)));
        } else if (concurrentUids(known) <= 1) {
            out.add(ctx.finding(
                    RuleId.WAL002,
                    Severity.VIOLATION,
                    names,
                    () -> new Finding.Text(
                            w.workload() + " cannot prepare the SQLite WAL database on " + w.volume() + " for "
                                    + w.who()
                                    + " because they run as different UIDs with no common group: files an init "
                                    + "container creates there before the app starts (the database, or a -wal and "
                                    + "-shm it leaves) belong to its UID, and the app then fails with \"attempt to "
                                    + "write a readonly database\".",
                            w.briefShares() + " (init container runs first) with no common group (SQLITE_READONLY).",
                            "Run the init container with the app's runAsUser, or give them a common fsGroup or "
                                    + "supplemental group.")));
        } else {
            out.add(ctx.finding(
                    RuleId.WAL002,
                    Severity.VIOLATION,
                    names,
                    () -> new Finding.Text(
                            w.workload() + " cannot share the SQLite WAL database on " + w.volume() + " between "
                                    + w.who()
                                    + " because they run as different UIDs with no common group: -shm and -wal "
                                    + "belong to whoever opens the database first, and the others fail with "
                                    + "SQLITE_READONLY.",
                            w.briefShares() + " with no common group (SQLITE_READONLY).",
                            FIX)));
        }
    }

    /** The parts of WAL002's sentences. */
    private record Words(VolumeContext ctx, List<Party> known) {
        String workload() {
            return ctx.workload().display();
        }

        String volume() {
            return ctx.describeVolume() + ctx.at();
        }

        String who() {
            return Prose.and(known, Party::describe);
        }

        String shares() {
            return workload() + " shares the SQLite WAL database on " + volume() + " between different UIDs: " + who();
        }

        String briefShares() {
            return workload() + " " + ctx.briefVolume() + ctx.at() + " is shared by different UIDs: "
                    + Prose.and(known, p -> p.name() + " (" + p.uidText() + ")");
        }
    }

    /** How many UIDs other than root the parties that run beside the app use. */
    private static long concurrentUids(List<Party> known) {
        return known.stream()
                .filter(p -> p.concurrent() && p.uid() != 0)
                .map(Party::uid)
                .distinct()
                .count();
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
