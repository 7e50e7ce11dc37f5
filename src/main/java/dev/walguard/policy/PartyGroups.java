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
 */
final class PartyGroups {

    /** A party, where its mounts land on the volume, and whether it belongs to the workload under review. */
    record Located(Party party, List<VolumeLocation> locations, boolean own) {}

    /**
     * Past this many distinct places on one volume, every party counts as sharing the volume root, as before subPaths
     * were compared: grouping costs (places × parties), and a review crafted with thousands of subPaths must stay
     * linear. Real pods put a handful of apps on one claim.
     */
    static final int MAX_LOCATIONS = 64;

    private PartyGroups() {}

    static List<List<Party>> of(List<Located> all) {
        if (all.stream().allMatch(l -> l.locations().stream().allMatch(VolumeLocation::isRoot))) {
            return List.of(all.stream().map(Located::party).toList()); // no subPath anywhere: one group, as ever
        }
        Set<VolumeLocation> distinct = new LinkedHashSet<>();
        for (Located l : all) {
            distinct.addAll(l.locations());
            if (distinct.size() > MAX_LOCATIONS) {
                return List.of(all.stream().map(Located::party).toList());
            }
        }
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
                groups.add(members);
            }
        }
        List<List<Party>> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (!dominated(groups, i)) {
                out.add(groups.get(i).stream().mapToObj(k -> all.get(k).party()).toList());
            }
        }
        return out;
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
