package dev.walguard.policy;

import dev.walguard.policy.MountTrie.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which volumes database paths lie on. In each container a path lies on the volume whose mount path is its longest
 * prefix; a volume is selected when it is that volume in some container for some path.
 *
 * <p>Every container's mount paths go into one trie of path segments ({@link MountTrie}). A path's walk down the
 * trie ends at the deepest node on it; that node decides everything about the path. A container's mount at node K is
 * the one a path lies on exactly when the path ends below K but not below a deeper mount of the same container: in
 * preorder numbering, an interval of K's subtree minus the subtrees of those deeper mounts. So each volume gets a list
 * of intervals (as many in all as there are mounts), and prefix counts and a range-minimum tree over the paths' end
 * nodes tell how many paths fall in them and which comes first. Time: the length of the mount paths and the paths,
 * plus sorting the volumes paths land on; never paths × mounts or paths × containers.
 */
final class MountIndex {

    /**
     * The mounts of a pod in container order, each with its container's index and its volume's number (numbers from
     * 0, given by the caller, which already keeps a record per volume name): parallel arrays, as a pod may have
     * a hundred thousand mounts.
     */
    static final class Mounts {
        private final List<Mount> mounts;
        private int[] container;
        private int[] volume;
        private int volumes;

        Mounts(int capacity) {
            mounts = new ArrayList<>(capacity);
            container = new int[Math.max(4, capacity)];
            volume = new int[container.length];
        }

        void add(int containerIndex, int volumeNumber, Mount m) {
            int k = mounts.size();
            if (k == container.length) {
                container = Arrays.copyOf(container, 2 * k);
                volume = Arrays.copyOf(volume, 2 * k);
            }
            container[k] = containerIndex;
            volume[k] = volumeNumber;
            volumes = Math.max(volumes, volumeNumber + 1);
            mounts.add(m);
        }
    }

    /**
     * How paths land on a volume: the first path (by index) and the first container it lands through there, how many
     * paths land on it, and where on the volume their files are (a mount's subPath plus the rest of the path below its
     * mountPath), in the order of the paths, then of the containers; null for more than
     * {@link PartyGroups#MAX_LOCATIONS} places, or when finding them would take more than linear time (then anywhere
     * on the volume counts).
     *
     * @param volume the volume's number in {@link Mounts}
     */
    record Landing(int volume, int firstPath, int firstContainer, int paths, List<VolumeLocation> databases) {}

    /**
     * @param volumes    every volume some path lies on, ordered by first path, then first container
     * @param onNoVolume the indexes of paths that lie on no volume in any container, in order
     */
    record Result(List<Landing> volumes, List<Integer> onNoVolume) {}

    /** A container's mount of a volume at a trie node, and where on the volume it lands. */
    private record Placed(int index, int container, Node node, int volume, VolumeLocation at) {}

    private MountIndex() {}

    /** @param paths the segments of each path ({@link ContainerPath#segments}), no two the same */
    static Result resolve(Mounts mounts, List<List<String>> paths) {
        MountTrie trie = new MountTrie();
        List<Placed> placed = new ArrayList<>(mounts.mounts.size());
        for (int k = 0; k < mounts.mounts.size(); k++) {
            Mount m = mounts.mounts.get(k);
            int c = mounts.container[k];
            if (m.mountPath() == null) {
                continue;
            }
            Node node = trie.add(m.mountPath());
            if (node.lastContainer != c) {
                node.lastContainer = c;
                placed.add(new Placed(placed.size(), c, node, mounts.volume[k], m.location()));
            }
        }
        List<Node> preorder = trie.number();
        int nodes = preorder.size();
        boolean[] covered = new boolean[nodes];
        for (Placed p : placed) {
            covered[p.node().order] = true;
        }
        // A parent comes before its children in preorder: one pass hands each node its parent's cover.
        for (int k = 1; k < nodes; k++) {
            covered[k] |= covered[preorder.get(k).parent.order];
        }

        int[] end = new int[paths.size()];
        int[] countUpTo = new int[nodes + 1];
        RangeMin firstPath = new RangeMin(nodes);
        List<Integer> onNoVolume = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Node node = trie.end(paths.get(i));
            end[i] = node.order;
            countUpTo[node.order + 1]++;
            firstPath.offer(node.order, i);
            if (!covered[node.order]) {
                onNoVolume.add(i);
            }
        }
        for (int k = 0; k < nodes; k++) {
            countUpTo[k + 1] += countUpTo[k];
        }
        firstPath.build();
        int[] byEnd = new int[paths.size()];
        int[] next = Arrays.copyOf(countUpTo, nodes);
        for (int i = 0; i < paths.size(); i++) {
            byEnd[next[end[i]]++] = i;
        }
        return new Result(
                landings(placed, byContainerAndNode(placed, nodes), mounts.volumes, countUpTo, firstPath, paths, byEnd),
                onNoVolume);
    }

    /**
     * The mounts grouped by container, in container order as placed, each group in preorder of its nodes (one mount per
     * node and container): two counting sorts, as a container may have a hundred thousand mounts and a pod thousands
     * of containers.
     */
    private static List<Placed> byContainerAndNode(List<Placed> placed, int nodes) {
        int[] next = new int[nodes + 1];
        for (Placed p : placed) {
            next[p.node().order + 1]++;
        }
        for (int k = 0; k < nodes; k++) {
            next[k + 1] += next[k];
        }
        Placed[] byNode = new Placed[placed.size()];
        for (Placed p : placed) {
            byNode[next[p.node().order]++] = p;
        }
        int containers = placed.isEmpty() ? 0 : placed.get(placed.size() - 1).container() + 1;
        next = new int[containers + 1];
        for (Placed p : placed) {
            next[p.container() + 1]++;
        }
        for (int c = 0; c < containers; c++) {
            next[c + 1] += next[c];
        }
        Placed[] sorted = new Placed[placed.size()];
        for (Placed p : byNode) {
            sorted[next[p.container()]++] = p;
        }
        return Arrays.asList(sorted);
    }

    /**
     * Per volume, the preorder intervals where a path lands on it, then what lands there.
     *
     * @param placed the mounts, each at its index
     * @param sorted the same by container, then node ({@link #byContainerAndNode})
     */
    private static List<Landing> landings(
            List<Placed> placed,
            List<Placed> sorted,
            int volumes,
            int[] countUpTo,
            RangeMin firstPath,
            List<List<String>> paths,
            int[] byEnd) {
        Intervals gaps = new Intervals(placed.size());
        int from = 0;
        while (from < sorted.size()) {
            int to = from;
            while (to < sorted.size()
                    && sorted.get(to).container() == sorted.get(from).container()) {
                to++;
            }
            gaps(sorted.subList(from, to), gaps);
            from = to;
        }
        int[] order = gaps.byVolume(volumes);
        List<VolumeLocation> at = new ArrayList<>(placed.size());
        int[] depth = new int[placed.size()];
        int[] container = new int[placed.size()];
        for (Placed p : placed) {
            at.add(p.at());
            depth[p.index()] = p.node().depth;
            container[p.index()] = p.container();
        }
        DatabaseLocations located = new DatabaseLocations(at, depth, container, paths, byEnd, countUpTo);
        List<Landing> landed = new ArrayList<>();
        for (int k = 0; k < order.length; ) {
            int volume = gaps.volume[order[k]];
            int end = k;
            while (end < order.length && gaps.volume[order[end]] == volume) {
                end++;
            }
            Landing landing = landing(volume, placed, gaps, order, k, end, countUpTo, firstPath, located);
            if (landing != null) {
                landed.add(landing);
            }
            k = end;
        }
        landed.sort(byFirstPathAndContainer());
        return landed;
    }

    private static Comparator<Landing> byFirstPathAndContainer() {
        return (a, b) -> a.firstPath() != b.firstPath()
                ? Integer.compare(a.firstPath(), b.firstPath())
                : Integer.compare(a.firstContainer(), b.firstContainer());
    }

    /** One container's mounts, in preorder of their nodes: each one's subtree minus its nearest deeper mounts. */
    private static void gaps(List<Placed> sorted, Intervals out) {
        // next[k]: where the uncovered part of mount k resumes after its children so far.
        int[] next = new int[sorted.size()];
        // The open mounts, innermost on top: an int stack, as a container may have thousands of mounts.
        int[] open = new int[sorted.size()];
        int top = 0;
        for (int k = 0; k <= sorted.size(); k++) {
            Node node = k < sorted.size() ? sorted.get(k).node() : null;
            while (top > 0 && (node == null || sorted.get(open[top - 1]).node().last < node.order)) {
                int closed = open[--top];
                Placed done = sorted.get(closed);
                out.add(next[closed], done.node().last, done.index(), done.volume());
            }
            if (node == null) {
                break;
            }
            if (top > 0) {
                int inner = open[top - 1];
                Placed parent = sorted.get(inner);
                out.add(next[inner], node.order - 1, parent.index(), parent.volume());
                next[inner] = node.last + 1;
            }
            next[k] = node.order;
            open[top++] = k;
        }
    }

    /** How paths land on one volume over its intervals {@code order[from..to)}; null for none. */
    private static Landing landing(
            int volume,
            List<Placed> placed,
            Intervals gaps,
            int[] order,
            int from,
            int to,
            int[] countUpTo,
            RangeMin firstPath,
            DatabaseLocations located) {
        int first = Integer.MAX_VALUE;
        int container = Integer.MAX_VALUE;
        for (int k = from; k < to; k++) {
            int i = order[k];
            int min = firstPath.min(gaps.lo[i], gaps.hi[i]);
            int c = placed.get(gaps.mount[i]).container();
            if (min < first || (min == first && min != Integer.MAX_VALUE && c < container)) {
                first = min;
                container = c;
            }
        }
        if (first == Integer.MAX_VALUE) {
            return null;
        }
        // Paths that land through several containers count once: merge the intervals (sorted by start) first.
        int paths = 0;
        int lo = gaps.lo[order[from]];
        int hi = gaps.hi[order[from]];
        for (int k = from + 1; k < to; k++) {
            int i = order[k];
            if (gaps.lo[i] > hi + 1) {
                paths += countUpTo[hi + 1] - countUpTo[lo];
                lo = gaps.lo[i];
                hi = gaps.hi[i];
            } else {
                hi = Math.max(hi, gaps.hi[i]);
            }
        }
        paths += countUpTo[hi + 1] - countUpTo[lo];
        return new Landing(volume, first, container, paths, located.on(gaps, order, from, to));
    }
}
