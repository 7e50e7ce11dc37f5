package dev.walguard.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where on a volume the files of {@code walguard.dev/paths} are: a path lands on a volume through a mount, and its
 * file is at that mount's subPath plus the rest of the path below the mountPath ({@code /config/sonarr.db} through
 * {@code /config} with subPath {@code sonarr} is {@code sonarr/sonarr.db} on the volume).
 *
 * <p>Every (mount, path) pair that lands is visited, but the work is capped at a multiple of the input's size: a
 * review of a thousand containers that all mount one volume with the same subPath, and a thousand paths, must not
 * cost a million steps. Past the cap, or past {@link PartyGroups#MAX_LOCATIONS} places on one volume, a volume gets
 * null: anywhere on it counts, as before paths were placed.
 */
final class DatabaseLocations {

    private static final int WORK_PER_INPUT = 64;

    private final List<VolumeLocation> at;
    private final int[] depth;
    private final int[] container;
    private final List<List<String>> paths;
    private final int[] byEnd;
    private final int[] countUpTo;
    private long budget;

    /**
     * @param at        per mount, where it lands on its volume
     * @param depth     per mount, how many segments its mountPath has
     * @param container per mount, the index of its container
     * @param byEnd     the path indexes sorted by the trie node their walk ends at
     * @param countUpTo per trie node k, how many paths end before k
     */
    DatabaseLocations(
            List<VolumeLocation> at,
            int[] depth,
            int[] container,
            List<List<String>> paths,
            int[] byEnd,
            int[] countUpTo) {
        this.at = at;
        this.depth = depth;
        this.container = container;
        this.paths = paths;
        this.byEnd = byEnd;
        this.countUpTo = countUpTo;
        long size = at.size() + paths.size();
        for (List<String> p : paths) {
            size += p.size();
        }
        this.budget = WORK_PER_INPUT * size;
    }

    /** The database locations of one volume, from its intervals {@code order[from..to)}; null for anywhere. */
    List<VolumeLocation> on(Intervals gaps, int[] order, int from, int to) {
        // Paths are distinct, so through one mount each lands at its own place: an interval holding more paths than
        // places are allowed decides the answer before any place is built.
        int pairs = 0;
        for (int k = from; k < to; k++) {
            int i = order[k];
            int landing = countUpTo[gaps.hi[i] + 1] - countUpTo[gaps.lo[i]];
            if (landing > PartyGroups.MAX_LOCATIONS) {
                return null;
            }
            pairs += landing;
        }
        if (pairs == 1) {
            // The usual case, one path through one mount: no map, no sort.
            for (int k = from; k < to; k++) {
                int i = order[k];
                if (countUpTo[gaps.hi[i] + 1] > countUpTo[gaps.lo[i]]) {
                    int m = gaps.mount[i];
                    List<String> path = paths.get(byEnd[countUpTo[gaps.lo[i]]]);
                    budget -= 1 + path.size() - depth[m];
                    return budget < 0 ? null : List.of(at.get(m).resolve(path.subList(depth[m], path.size())));
                }
            }
        }
        // Each place and the first (path, container) that puts a database there, to list them in that order.
        Map<VolumeLocation, Long> first = new HashMap<>();
        for (int k = from; k < to; k++) {
            int i = order[k];
            int m = gaps.mount[i];
            for (int e = countUpTo[gaps.lo[i]]; e < countUpTo[gaps.hi[i] + 1]; e++) {
                int p = byEnd[e];
                List<String> path = paths.get(p);
                budget -= 1 + path.size() - depth[m];
                if (budget < 0) {
                    return null;
                }
                long key = ((long) p << 32) | container[m];
                first.merge(at.get(m).resolve(path.subList(depth[m], path.size())), key, Math::min);
                if (first.size() > PartyGroups.MAX_LOCATIONS) {
                    return null;
                }
            }
        }
        List<Map.Entry<VolumeLocation, Long>> sorted = new ArrayList<>(first.entrySet());
        sorted.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        return sorted.stream().map(Map.Entry::getKey).toList();
    }
}
