package dev.walguard.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits the parties of one volume into the groups that really share files: mounts at disjoint subPaths
 * ({@code sonarr/} and {@code radarr/}) never see each other's database, so they are never held against each other.
 * A group is every party with a location that {@link VolumeLocation#covers covers} one location on the volume;
 * such parties pairwise overlap, and every overlapping pair meets in the group of the lower one. Only groups with a
 * party of the workload under review are kept (other pods' quarrels are their own), and only the largest: a group
 * inside another adds nothing.
 *
 * <p>When {@code walguard.dev/paths} says where the databases are, the places are those databases' locations instead
 * of the mounts': a mount at {@code sonarr/sub} does not see {@code sonarr/sonarr.db}, so it is no party to it.
 */
final class PartyGroups {

    /** A party, where its mounts land on the volume, and whether it belongs to the workload under review. */
    record Located(Party party, List<VolumeLocation> locations, boolean own) {}

    /**
     * Parties that share files, and where.
     *
     * @param at       the place every party of the group sees: the deepest subPath they share, or a database file
     * @param database whether {@code at} is a database file named by {@code walguard.dev/paths}
     */
    record Group(VolumeLocation at, boolean database, List<Party> parties) {

        /** {@code at subPath sonarr}, {@code at sonarr/sonarr.db on the volume}, or empty at the volume root. */
        String where() {
            if (at.isRoot()) {
                return "";
            }
            return database ? " at " + at.text() + " on the volume" : " at subPath " + at.text();
        }
    }

    /**
     * Past this many distinct places on one volume, every party counts as sharing the volume root, as before subPaths
     * were compared: grouping costs (places × parties), and a review crafted with thousands of subPaths must stay
     * linear. Real pods put a handful of apps on one claim.
     */
    static final int MAX_LOCATIONS = 64;

    private PartyGroups() {}

    /** Groups at the places the parties' mounts land. */
    static List<Group> of(List<Located> all) {
        return of(all, null);
    }

    /**
     * @param databases where the databases on the volume are ({@link ScopedVolume#databases()}), or null to take
     *                  every place a mount lands as a possible database
     */
    static List<Group> of(List<Located> all, List<VolumeLocation> databases) {
        if (allAtRoot(all)) {
            return everyone(all); // no subPath anywhere: one group, as ever
        }
        Set<VolumeLocation> distinct = new LinkedHashSet<>();
        if (databases != null) {
            distinct.addAll(databases);
        } else {
            for (Located l : all) {
                distinct.addAll(l.locations());
                if (distinct.size() > MAX_LOCATIONS) {
                    return everyone(all);
                }
            }
        }
        List<VolumeLocation> places = new ArrayList<>();
        List<BitSet> groups = new ArrayList<>();
        for (VolumeLocation at : distinct) {
            BitSet members = new BitSet(all.size());
            boolean own = false;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).locations().stream().anyMatch(m -> m.covers(at))) {
                    members.set(i);
                    own |= all.get(i).own();
                }
            }
            if (own) {
                places.add(at);
                groups.add(members);
            }
        }
        List<Group> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (!dominated(groups, i)) {
                out.add(new Group(
                        places.get(i),
                        databases != null,
                        groups.get(i).stream().mapToObj(k -> all.get(k).party()).toList()));
            }
        }
        return out;
    }

    // Plain loops: the common case, every mount at the volume root, runs once per volume in scope.
    private static boolean allAtRoot(List<Located> all) {
        for (Located l : all) {
            for (VolumeLocation at : l.locations()) {
                if (!at.isRoot()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Group> everyone(List<Located> all) {
        Party[] parties = new Party[all.size()];
        for (int i = 0; i < parties.length; i++) {
            parties[i] = all.get(i).party();
        }
        return List.of(new Group(VolumeLocation.ROOT, false, List.of(parties)));
    }

    /** Whether another group holds group i: a larger one, or an equal one listed before it. */
    private static boolean dominated(List<BitSet> groups, int i) {
        BitSet g = groups.get(i);
        for (int j = 0; j < groups.size(); j++) {
            if (j == i) {
                continue;
            }
            BitSet rest = (BitSet) g.clone();
            rest.andNot(groups.get(j));
            if (rest.isEmpty() && (j < i || !g.equals(groups.get(j)))) {
                return true;
            }
        }
        return false;
    }
}
