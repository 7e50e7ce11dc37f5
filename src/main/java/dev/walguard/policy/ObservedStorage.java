package dev.walguard.policy;

import dev.walguard.policy.NodeObservations.MountSighting;
import dev.walguard.policy.NodeObservations.VolumeSighting;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the node agent saw, laid over what the API objects say: a volume observed on a network filesystem is one,
 * whatever its claim, PersistentVolume or StorageClass claims. The observations answer three things:
 * <ul>
 * <li>a claim's volume, as mounted for any pod that uses it (the kubelet names the directory after the PV);</li>
 * <li>a {@code hostPath} volume, or a {@code local} / {@code hostPath} PersistentVolume (local-path provisioners):
 * whether its host path lies on a network mount of the node the pod runs on, or of any node while it is not
 * bound to one;</li>
 * <li>an inline volume of a running Pod.</li>
 * </ul>
 * Observations only ever turn a verdict into network, never the other way.
 */
final class ObservedStorage {

    /** StatefulSet claims looked for per claim template ({@code <template>-<set>-<ordinal>}). */
    static final int MAX_TEMPLATE_CLAIMS = 16;

    private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    private ObservedStorage() {}

    static StorageVerdict overlay(Workload workload, ScopedVolume volume, StorageVerdict verdict, ClusterView view) {
        NodeObservations observations = view.observations();
        if (verdict.type() == StorageType.NETWORK || observations.isEmpty()) {
            return verdict;
        }
        return seen(workload, volume, view, observations)
                .map(reason -> new StorageVerdict(
                        StorageType.NETWORK,
                        reason,
                        verdict.claim(),
                        verdict.storageClass(),
                        verdict.driver(),
                        verdict.accessModes()))
                .orElse(verdict);
    }

    private static Optional<String> seen(
            Workload workload, ScopedVolume scoped, ClusterView view, NodeObservations observations) {
        String boundNode = blankToNull(workload.podSpec().getNodeName());
        Volume volume = scoped.volume();
        if (volume != null && volume.getHostPath() != null) {
            return hostPath(volume.getHostPath().getPath(), boundNode == null ? null : Set.of(boundNode), observations);
        }
        if (scoped.claimName() != null) {
            return claim(workload.namespace(), scoped.claimName(), boundNode, view, observations);
        }
        if (scoped.template() != null && "StatefulSet".equals(workload.kind()) && workload.name() != null) {
            for (int ordinal = 0; ordinal < MAX_TEMPLATE_CLAIMS; ordinal++) {
                String claim = scoped.name() + "-" + workload.name() + "-" + ordinal;
                if (view.claim(workload.namespace(), claim).isEmpty()) {
                    break;
                }
                Optional<String> seen = claim(workload.namespace(), claim, null, view, observations);
                if (seen.isPresent()) {
                    return seen;
                }
            }
            return Optional.empty();
        }
        if (volume != null && workload.isPod()) {
            return observations
                    .networkVolume(workload.metadata().getUid(), volume.getName())
                    .map(ObservedStorage::describe);
        }
        return Optional.empty();
    }

    private static Optional<String> claim(
            String namespace, String claimName, String boundNode, ClusterView view, NodeObservations observations) {
        PersistentVolume pv = boundVolume(namespace, claimName, view);
        if (pv == null) {
            return Optional.empty();
        }
        String pvName = pv.getMetadata().getName();
        String path = hostPathOf(pv.getSpec());
        boolean seenOnNetwork = observations.sawNetworkVolume(pvName);
        if (!seenOnNetwork && path == null) {
            return Optional.empty(); // the common case: one lookup, no pods rebuilt from the cache
        }
        List<Pod> pods = view.podsMountingClaim(namespace, claimName);
        if (seenOnNetwork) {
            for (Pod pod : pods) {
                Optional<VolumeSighting> seen =
                        observations.networkVolume(pod.getMetadata().getUid(), pvName);
                if (seen.isPresent()) {
                    return Optional.of(
                            describe(seen.get()) + " (pod " + pod.getMetadata().getName() + ")");
                }
            }
        }
        if (path == null) {
            return Optional.empty();
        }
        Set<String> nodes = new LinkedHashSet<>();
        if (boundNode != null) {
            nodes.add(boundNode);
        }
        for (Pod pod : pods) {
            if (pod.getSpec() != null && blankToNull(pod.getSpec().getNodeName()) != null) {
                nodes.add(pod.getSpec().getNodeName());
            }
        }
        if (nodes.isEmpty()) {
            nodes.addAll(affinityHostnames(pv.getSpec()));
        }
        return hostPath(path, nodes.isEmpty() ? null : nodes, observations)
                .map(s -> s + " (PersistentVolume " + pvName + ")");
    }

    private static Optional<String> hostPath(String path, Set<String> nodes, NodeObservations observations) {
        return observations.networkMountHolding(path, nodes).map(s -> describe(s, path, nodes == null));
    }

    /** {@code observed on node worker-1: nfs4 from nas:/export}, which reads after "network filesystem: ". */
    static String describe(VolumeSighting s) {
        return "observed on node " + s.node().node() + ": "
                + ObservedNode.describe(s.volume().fsType(), s.volume().source());
    }

    static String describe(MountSighting s, String path, boolean anyNode) {
        return "observed on node " + s.node().node() + (anyNode ? " (the pod may be scheduled there)" : "") + ": "
                + ObservedNode.describe(s.mount().fsType(), s.mount().source()) + ", mounted at "
                + s.mount().mountPoint() + ", holds host path " + Prose.clip(path);
    }

    private static PersistentVolume boundVolume(String namespace, String claimName, ClusterView view) {
        Optional<PersistentVolumeClaim> claim = view.claim(namespace, claimName);
        String name = claim.map(c -> c.getSpec() == null ? null : c.getSpec().getVolumeName())
                .map(ObservedStorage::blankToNull)
                .orElse(null);
        Optional<PersistentVolume> pv =
                name != null ? view.persistentVolume(name) : view.volumeClaimedBy(namespace, claimName);
        return pv.filter(p -> p.getMetadata() != null && p.getMetadata().getName() != null)
                .orElse(null);
    }

    /** The node directory behind a {@code local} or {@code hostPath} PV (local-path provisioners make the latter). */
    private static String hostPathOf(PersistentVolumeSpec spec) {
        if (spec == null) {
            return null;
        }
        if (spec.getLocal() != null) {
            return blankToNull(spec.getLocal().getPath());
        }
        return spec.getHostPath() == null
                ? null
                : blankToNull(spec.getHostPath().getPath());
    }

    /** The nodes a local PV is pinned to: {@code kubernetes.io/hostname In [...]}, which names nodes by name. */
    private static Set<String> affinityHostnames(PersistentVolumeSpec spec) {
        Set<String> out = new LinkedHashSet<>();
        if (spec.getNodeAffinity() == null
                || spec.getNodeAffinity().getRequired() == null
                || spec.getNodeAffinity().getRequired().getNodeSelectorTerms() == null) {
            return out;
        }
        for (NodeSelectorTerm term : spec.getNodeAffinity().getRequired().getNodeSelectorTerms()) {
            if (term == null || term.getMatchExpressions() == null) {
                continue;
            }
            for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                if (r != null
                        && HOSTNAME_LABEL.equals(r.getKey())
                        && "In".equals(r.getOperator())
                        && r.getValues() != null) {
                    r.getValues().stream()
                            .filter(v -> v != null && !v.isEmpty())
                            .forEach(out::add);
                }
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
