package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which volumes database paths lie on. In each container a path lies on the volume whose mount path is its longest
 * prefix; a volume is selected when it is that volume in some container for some path.
 *
 * <p>Every container's mount paths go into one trie of path segments. A path's walk down the trie ends at the
 * deepest node on it; that node decides everything about the path. A container's mount at node K is the one a path
 * lies on exactly when the path ends below K but not below a deeper mount of the same container: in preorder
 * numbering, an interval of K's subtree minus the subtrees of those deeper mounts. So each volume gets a list of
 * intervals (as many in all as there are mounts), and prefix counts and a range-minimum tree over the paths' end
 * nodes tell how many paths fall in them and which comes first. Time: the length of the mount paths and the paths,
 * plus sorting the mounts; never paths × mounts or paths × containers.
 */
final class MountIndex {

    /** How paths land on a volume: the first path (by index) and the first container it lands through there. */
    record Landing(int firstPath, int firstContainer, int paths) {
    }

    /**
     * @param volumes    every volume some path lies on, ordered by first path, then first container
     * @param onNoVolume the indexes of paths that lie on no volume in any container, in order
     */
    record Result(Map<String, Landing> volumes, List<Integer> onNoVolume) {
    }

    private static final class Node {
        Map<String, Node> children;
        int order;
        int last;
        /** A mount of the container last added here; a container's later mount at the same path never wins. */
        int lastContainer = -1;
    }

    /** A container's mount of a volume at a trie node. */
    private record Placed(int container, Node node, String volume) {
    }

    private MountIndex() {
    }

    /** @param paths the segments of each path ({@link ContainerPath#segments}) */
    static Result resolve(List<Containers> containers, List<List<String>> paths) {
        Node root = new Node();
        List<Placed> placed = new ArrayList<>();
        for (int c = 0; c < containers.size(); c++) {
            for (VolumeMount m : containers.get(c).mounts()) {
                if (m.getMountPath() == null) {
                    continue;
                }
                Node node = root;
                for (String segment : ContainerPath.mountSegments(m.getMountPath())) {
                    if (node.children == null) {
                        node.children = new HashMap<>();
                    }
                    node = node.children.computeIfAbsent(segment, s -> new Node());
                }
                if (node.lastContainer != c) {
                    node.lastContainer = c;
                    placed.add(new Placed(c, node, m.getName()));
                }
            }
        }
        int nodes = number(root);
        boolean[] covered = new boolean[nodes];
        for (Placed p : placed) {
            covered[p.node().order] = true;
        }
        propagateCover(root, covered);

        int[] end = new int[paths.size()];
        int[] countUpTo = new int[nodes + 1];
        MinTree firstPath = new MinTree(nodes);
        List<Integer> onNoVolume = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Node node = root;
            for (String segment : paths.get(i)) {
                Node child = node.children == null ? null : node.children.get(segment);
                if (child == null) {
                    break;
                }
                node = child;
            }
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
        return new Result(landings(placed, countUpTo, firstPath), onNoVolume);
    }

    /** Per volume, the preorder intervals where a path lands on it, then what lands there. */
    private static Map<String, Landing> landings(List<Placed> placed, int[] countUpTo, MinTree firstPath) {
        Map<String, List<int[]>> intervals = new HashMap<>();
        int from = 0;
        while (from < placed.size()) {
            int to = from;
            while (to < placed.size() && placed.get(to).container() == placed.get(from).container()) {
                to++;
            }
            gaps(placed.subList(from, to), intervals);
            from = to;
        }
        List<Map.Entry<String, Landing>> landed = new ArrayList<>();
        for (Map.Entry<String, List<int[]>> e : intervals.entrySet()) {
            Landing landing = landing(e.getValue(), countUpTo, firstPath);
            if (landing != null) {
                landed.add(Map.entry(e.getKey(), landing));
            }
        }
        landed.sort(Comparator.comparingInt((Map.Entry<String, Landing> e) -> e.getValue().firstPath())
                .thenComparingInt(e -> e.getValue().firstContainer()));
        Map<String, Landing> out = new LinkedHashMap<>();
        landed.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** One container's mounts: each one's subtree minus its nearest deeper mounts, as {lo, hi, container}. */
    private static void gaps(List<Placed> mounts, Map<String, List<int[]>> out) {
        List<Placed> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt(p -> p.node().order));
        // next[k]: where the uncovered part of mount k resumes after its children so far.
        int[] next = new int[sorted.size()];
        Deque<Integer> open = new ArrayDeque<>();
        for (int k = 0; k <= sorted.size(); k++) {
            Node node = k < sorted.size() ? sorted.get(k).node() : null;
            while (!open.isEmpty() && (node == null || sorted.get(open.peek()).node().last < node.order)) {
                int done = open.pop();
                add(out, sorted.get(done), next[done], sorted.get(done).node().last);
            }
            if (node == null) {
                break;
            }
            if (!open.isEmpty()) {
                int parent = open.peek();
                add(out, sorted.get(parent), next[parent], node.order - 1);
                next[parent] = node.last + 1;
            }
            next[k] = node.order;
            open.push(k);
        }
    }

    private static void add(Map<String, List<int[]>> out, Placed p, int lo, int hi) {
        if (lo <= hi) {
            out.computeIfAbsent(p.volume(), v -> new ArrayList<>()).add(new int[] {lo, hi, p.container()});
        }
    }

    private static Landing landing(List<int[]> intervals, int[] countUpTo, MinTree firstPath) {
        int first = Integer.MAX_VALUE;
        int container = Integer.MAX_VALUE;
        for (int[] iv : intervals) {
            int min = firstPath.min(iv[0], iv[1]);
            if (min < first || (min == first && min != Integer.MAX_VALUE && iv[2] < container)) {
                first = min;
                container = iv[2];
            }
        }
        if (first == Integer.MAX_VALUE) {
            return null;
        }
        // Paths that land through several containers count once: merge the intervals before counting.
        intervals.sort(Comparator.comparingInt(iv -> iv[0]));
        int paths = 0;
        int lo = intervals.get(0)[0];
        int hi = intervals.get(0)[1];
        for (int[] iv : intervals.subList(1, intervals.size())) {
            if (iv[0] > hi + 1) {
                paths += countUpTo[hi + 1] - countUpTo[lo];
                lo = iv[0];
                hi = iv[1];
            } else {
                hi = Math.max(hi, iv[1]);
            }
        }
        paths += countUpTo[hi + 1] - countUpTo[lo];
        return new Landing(first, container, paths);
    }

    /** Numbers the nodes in preorder and records each subtree's last number; returns how many nodes there are. */
    private static int number(Node root) {
        int next = 0;
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Node> exits = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            n.order = next++;
            exits.push(n);
            if (n.children != null) {
                n.children.values().forEach(stack::push);
            }
        }
        // Children come after their parent in preorder, so in reverse order each subtree is done before its root.
        while (!exits.isEmpty()) {
            Node n = exits.pop();
            n.last = n.order;
            if (n.children != null) {
                for (Node child : n.children.values()) {
                    n.last = Math.max(n.last, child.last);
                }
            }
        }
        return next;
    }

    private static void propagateCover(Node root, boolean[] covered) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n.children != null) {
                for (Node child : n.children.values()) {
                    covered[child.order] |= covered[n.order];
                    stack.push(child);
                }
            }
        }
    }

    /** Minimum path index per preorder number, with range-minimum queries (an iterative segment tree). */
    private static final class MinTree {
        private final int size;
        private final int[] tree;

        MinTree(int size) {
            this.size = size;
            this.tree = new int[2 * size];
            Arrays.fill(tree, Integer.MAX_VALUE);
        }

        void offer(int at, int value) {
            tree[size + at] = Math.min(tree[size + at], value);
        }

        void build() {
            for (int i = size - 1; i > 0; i--) {
                tree[i] = Math.min(tree[2 * i], tree[2 * i + 1]);
            }
        }

        int min(int lo, int hi) {
            int best = Integer.MAX_VALUE;
            for (int l = lo + size, r = hi + size + 1; l < r; l >>= 1, r >>= 1) {
                if ((l & 1) == 1) {
                    best = Math.min(best, tree[l++]);
                }
                if ((r & 1) == 1) {
                    best = Math.min(best, tree[--r]);
                }
            }
            return best;
        }
    }
}
