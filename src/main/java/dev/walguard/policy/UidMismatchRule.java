package dev.walguard.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
        // Plain loops: this runs for every group of parties on every volume in scope, thousands per review.
        List<Party> parties = new ArrayList<>(ctx.parties().size());
        List<Party> known = new ArrayList<>(ctx.parties().size());
        for (Party p : ctx.parties()) {
            if (p.leavesOwnedFiles()) {
                parties.add(p);
                if (p.uid() != null) {
                    known.add(p);
                }
            }
        }
        if (parties.size() < 2 || distinctUidsUpToTwo(known, false) < 2) {
            return;
        }
        Long shared = firstSharedGroup(parties);
        List<String> names = Party.names(known);
        // The sentences are built only when a finding's text is read (Finding): most of them never are.
        Words w = new Words(ctx, known);
        // A group they already share is never the fix to offer.
        String preferOneUid = "Prefer one runAsUser for every container that opens the database.";
        if (distinctUidsUpToTwo(known, true) <= 1) {
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
        } else if (distinctUidsUpToTwo(concurrent(known), true) <= 1) {
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

    /** The parties that run beside the app. */
    private static List<Party> concurrent(List<Party> known) {
        List<Party> out = new ArrayList<>(known.size());
        for (Party p : known) {
            if (p.concurrent()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * How many distinct UIDs (other than root when {@code nonRoot}) the parties, all with a UID, use: 0, 1, or 2 for
     * two or more. One pass, no set: only "fewer than two" matters.
     */
    private static int distinctUidsUpToTwo(List<Party> known, boolean nonRoot) {
        Long first = null;
        for (Party p : known) {
            long uid = p.uid();
            if (nonRoot && uid == 0) {
                continue;
            }
            if (first == null) {
                first = uid;
            } else if (first != uid) {
                return 2;
            }
        }
        return first == null ? 0 : 1;
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
        for (Long group : first.podGroups()) {
            if (shared.contains(group)) {
                return group;
            }
        }
        return null;
    }
}
