package dev.walguard.policy;

import dev.walguard.policy.ObservedNode.ObservedMount;
import dev.walguard.policy.ObservedNode.ObservedVolume;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node agent's observations of every node, indexed for the two questions the rules ask: "is this pod volume on
 * a network filesystem?" (by pod UID and volume directory) and "does this host path lie on a network mount?" (by
 * mount point). A cluster view owns one and feeds it as NodeObservation objects come and go; lookups are map hits,
 * whatever the number of nodes.
 *
 * <p>Observations are facts with an age: one whose {@code expiresAt} has passed is never used (the agent stopped or
 * its node is gone), so a stale observation can neither deny nor warn. Observations only ever add findings.
 */
public final class NodeObservations {

    /** A view without the node agent. */
    public static final NodeObservations NONE = new NodeObservations(Clock.systemUTC());

    /** A pod volume observed on network storage, and the node it was seen on. */
    public record VolumeSighting(ObservedNode node, ObservedVolume volume) {}

    /** A network mount on a node that holds a host path. */
    public record MountSighting(ObservedNode node, ObservedMount mount) {}

    private final Clock clock;
    private final Map<String, ObservedNode> nodes = new ConcurrentHashMap<>();
    /**
     * Volume directory name (a PV name for claims) → pod UID → sighting; pod UIDs are unique in a cluster, so one map
     * serves every node, and a claim whose PV no node saw on network storage costs one lookup.
     */
    private final Map<String, Map<String, VolumeSighting>> volumes = new ConcurrentHashMap<>();
    /** Normalised mount point → node name → mount. */
    private final Map<String, Map<String, ObservedMount>> mounts = new ConcurrentHashMap<>();
    /** Bounds the prefixes a host path lookup tries: no mount point is deeper or longer. Only ever grows. */
    private final AtomicInteger deepestMount = new AtomicInteger();

    private final AtomicInteger longestMount = new AtomicInteger();
    /** "Any node" answers by deepest covering mount point, valid while {@link #generation} has not moved. */
    private final Map<String, AnyNode> anyNode = new ConcurrentHashMap<>();
    /** Moves on every put and remove, so an answer computed from older observations is never used. */
    private final AtomicLong generation = new AtomicLong();

    private record AnyNode(long generation, MountSighting found) {}

    public NodeObservations(Clock clock) {
        this.clock = clock;
    }

    /** Adds or replaces a node's observation. */
    public void put(ObservedNode node) {
        if (this == NONE) {
            throw new UnsupportedOperationException("NONE stays empty");
        }
        ObservedNode old = nodes.put(node.node(), node);
        if (old != null) {
            unindex(old);
        }
        for (ObservedVolume v : node.volumes()) {
            volumes.computeIfAbsent(v.volume(), k -> new ConcurrentHashMap<>())
                    .put(v.podUid(), new VolumeSighting(node, v));
        }
        for (ObservedMount m : node.networkMounts()) {
            List<String> segments = ContainerPath.mountSegments(m.mountPoint());
            String point = ContainerPath.join(segments);
            deepestMount.accumulateAndGet(segments.size(), Math::max);
            longestMount.accumulateAndGet(point.length(), Math::max);
            // A later mount on the same point hides the earlier one, so the last one published wins.
            mounts.computeIfAbsent(point, p -> new ConcurrentHashMap<>()).put(node.node(), m);
        }
        changed();
    }

    /** Forgets a node's observation (its object was deleted). */
    public void remove(String node) {
        ObservedNode old = nodes.remove(node);
        if (old != null) {
            unindex(old);
        }
        changed();
    }

    /** After the indexes changed: an answer a reader computed meanwhile carries the old generation. */
    private void changed() {
        anyNode.clear();
        generation.incrementAndGet();
    }

    private void unindex(ObservedNode old) {
        for (ObservedVolume v : old.volumes()) {
            Map<String, VolumeSighting> byPod = volumes.get(v.volume());
            if (byPod != null) {
                byPod.remove(v.podUid(), new VolumeSighting(old, v));
                if (byPod.isEmpty()) {
                    volumes.remove(v.volume(), byPod);
                }
            }
        }
        for (ObservedMount m : old.networkMounts()) {
            String point = ContainerPath.join(ContainerPath.mountSegments(m.mountPoint()));
            Map<String, ObservedMount> byNode = mounts.get(point);
            if (byNode != null) {
                byNode.remove(old.node());
                if (byNode.isEmpty()) {
                    mounts.remove(point, byNode);
                }
            }
        }
    }

    /** True when no node has published anything: the rules then skip every lookup. */
    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** How many nodes have an observation, fresh or expired (for the metric {@code walguard_node_observations}). */
    public int size() {
        return nodes.size();
    }

    /** Every node's observation that has not expired, by node name. */
    public List<ObservedNode> fresh() {
        List<ObservedNode> out = new ArrayList<>();
        for (ObservedNode n : nodes.values()) {
            if (n.freshAt(clock.instant())) {
                out.add(n);
            }
        }
        out.sort(Comparator.comparing(ObservedNode::node));
        return out;
    }

    /** The node's observation, if it has one that has not expired. */
    public Optional<ObservedNode> fresh(String node) {
        ObservedNode n = node == null ? null : nodes.get(node);
        return n != null && n.freshAt(clock.instant()) ? Optional.of(n) : Optional.empty();
    }

    /** Whether any node published a volume with this directory name on network storage, fresh or not. */
    boolean sawNetworkVolume(String volume) {
        return volume != null && volumes.containsKey(volume);
    }

    /** The pod's volume with this directory name, if a fresh observation saw it on network storage. */
    public Optional<VolumeSighting> networkVolume(String podUid, String volume) {
        Map<String, VolumeSighting> byPod = volume == null ? null : volumes.get(volume);
        VolumeSighting s = podUid == null || byPod == null ? null : byPod.get(podUid);
        return s != null && s.node().freshAt(clock.instant()) ? Optional.of(s) : Optional.empty();
    }

    /**
     * The network mount that holds this host path on one of these nodes (null: on any node), if any: on each node the
     * mount with the longest mount point covering the path decides, so a local disk mounted inside an NFS mount is not
     * on NFS. With several nodes the first by name is named.
     *
     * <p>Only prefixes as deep and as long as the deepest and longest mount point are tried, so a path of a million
     * segments costs one pass over it, not a million lookups.
     */
    public Optional<MountSighting> networkMountHolding(String hostPath, Set<String> onNodes) {
        if (mounts.isEmpty() || hostPath == null) {
            return Optional.empty();
        }
        List<String> segments = ContainerPath.mountSegments(hostPath);
        int depth = Math.min(segments.size(), deepestMount.get());
        int maxLength = longestMount.get();
        List<String> prefixes = new ArrayList<>(depth + 1);
        StringBuilder prefix = new StringBuilder();
        prefixes.add("/");
        for (int i = 0; i < depth; i++) {
            prefix.append('/').append(segments.get(i));
            if (prefix.length() > maxLength) {
                break;
            }
            prefixes.add(prefix.toString());
        }
        int deepest = prefixes.size() - 1;
        while (deepest >= 0 && !mounts.containsKey(prefixes.get(deepest))) {
            deepest--;
        }
        if (deepest < 0) {
            return Optional.empty();
        }
        if (onNodes != null) {
            return Optional.ofNullable(search(prefixes, deepest, onNodes));
        }
        // Which mount points cover a path, on every node, follows from the deepest one that does: paths below it
        // share the answer. Kept per mount point until the observations change, so a review with thousands of host
        // paths does not walk every node that has the mount for each one.
        long seen = generation.get();
        String point = prefixes.get(deepest);
        AnyNode memo = anyNode.get(point);
        if (memo == null
                || memo.generation() != seen
                || (memo.found() != null && !memo.found().node().freshAt(clock.instant()))) {
            memo = new AnyNode(seen, search(prefixes, deepest, null));
            anyNode.put(point, memo);
        }
        return Optional.ofNullable(memo.found());
    }

    /** From the deepest covering mount point up: on each node the longest mount point decides. */
    private MountSighting search(List<String> prefixes, int deepest, Set<String> onNodes) {
        Set<String> decided = new HashSet<>();
        for (int i = deepest; i >= 0; i--) {
            Map<String, ObservedMount> byNode = mounts.get(prefixes.get(i));
            if (byNode == null) {
                continue;
            }
            MountSighting found = null;
            // A few named nodes are looked up; "any node" walks the nodes that have this mount point.
            for (String node : onNodes == null ? byNode.keySet() : onNodes) {
                ObservedMount mount = byNode.get(node);
                if (mount == null || !decided.add(node)) {
                    continue;
                }
                Optional<ObservedNode> observed = fresh(node);
                if (observed.isPresent()
                        && mount.network()
                        && (found == null || node.compareTo(found.node().node()) < 0)) {
                    found = new MountSighting(observed.get(), mount);
                }
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
