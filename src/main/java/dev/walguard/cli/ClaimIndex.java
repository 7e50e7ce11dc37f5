package dev.walguard.cli;

import dev.walguard.policy.ClusterView;
import dev.walguard.policy.NodeObservations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster view of a scan: storage from a snapshot, and the pods on each claim indexed once, by claim.
 *
 * <p>The evaluator asks every workload for the other pods on its claim; with N workloads on one claim that is N²
 * pod visits (8,000 workloads took 93 s). A claim whose pods all run every container with one identity (the same
 * pod and container securityContext and image) cannot give WAL002 or WAL006 to anyone, whoever is counted as a
 * party, so for such a claim the index answers with no other pods: the findings are the same and the scan linear.
 * A claim with differing identities gets its full list (its findings name every party, so their size is N² anyway).
 * The policy then matches subPaths and tells init containers from sidecars itself: both only ever remove parties,
 * so a claim of one identity still gives no one a finding, and this index needs to know nothing of them.
 */
final class ClaimIndex implements ClusterView {

    private final ClusterView storage;
    private final Map<String, List<Pod>> podsByClaim = new HashMap<>();
    private final Map<String, Boolean> uniform = new HashMap<>();
    private int lookups;

    /** @param storage everything but pods (a snapshot of storage classes, volumes, claims, namespaces, owners) */
    ClaimIndex(ClusterView storage, List<Pod> pods) {
        this.storage = storage;
        for (Pod p : pods) {
            if (p.getSpec() == null || p.getSpec().getVolumes() == null) {
                continue;
            }
            String ns = p.getMetadata() == null ? null : p.getMetadata().getNamespace();
            // Identity, not equals(): two pods may be equal, and Pod.equals on N pods per claim was quadratic too.
            Set<String> added = new java.util.HashSet<>();
            for (Volume v : p.getSpec().getVolumes()) {
                if (v.getPersistentVolumeClaim() != null
                        && added.add(key(ns, v.getPersistentVolumeClaim().getClaimName()))) {
                    podsByClaim
                            .computeIfAbsent(
                                    key(ns, v.getPersistentVolumeClaim().getClaimName()), k -> new ArrayList<>())
                            .add(p);
                }
            }
        }
        podsByClaim.forEach((claim, list) -> uniform.put(claim, oneIdentity(list)));
    }

    /** How many times the evaluator asked for a claim's pods: once per claimed volume of each workload. */
    int lookups() {
        return lookups;
    }

    @Override
    public List<Pod> podsMountingClaim(String namespace, String claimName) {
        lookups++;
        String key = key(namespace, claimName);
        return uniform.getOrDefault(key, true) ? List.of() : Collections.unmodifiableList(podsByClaim.get(key));
    }

    /**
     * Whether every container of every pod on the claim has one identity. Unmarked and finished pods count too,
     * though they are never parties: the workload's own pod is among them, and its containers must agree as well.
     */
    private static boolean oneIdentity(List<Pod> pods) {
        Object first = null;
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        for (Pod p : pods) {
            if (seen.put(p, true) != null) {
                continue;
            }
            for (Object identity : identities(p.getSpec())) {
                if (first == null) {
                    first = identity;
                } else if (!first.equals(identity)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Object> identities(PodSpec spec) {
        List<Object> out = new ArrayList<>();
        for (List<Container> list : java.util.Arrays.asList(spec.getInitContainers(), spec.getContainers())) {
            if (list != null) {
                for (Container c : list) {
                    out.add(
                            c == null
                                    ? "null"
                                    : List.of(
                                            String.valueOf(spec.getSecurityContext()),
                                            String.valueOf(c.getSecurityContext()),
                                            String.valueOf(c.getImage())));
                }
            }
        }
        if (spec.getEphemeralContainers() != null) {
            for (EphemeralContainer c : spec.getEphemeralContainers()) {
                out.add(
                        c == null
                                ? "null"
                                : List.of(
                                        String.valueOf(spec.getSecurityContext()),
                                        String.valueOf(c.getSecurityContext()),
                                        String.valueOf(c.getImage())));
            }
        }
        return out;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return storage.claim(namespace, name);
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        return storage.persistentVolume(name);
    }

    @Override
    public Optional<PersistentVolume> volumeClaimedBy(String namespace, String claimName) {
        return storage.volumeClaimedBy(namespace, claimName);
    }

    @Override
    public Optional<StorageClass> storageClass(String name) {
        return storage.storageClass(name);
    }

    @Override
    public List<StorageClass> storageClasses() {
        return storage.storageClasses();
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        return storage.namespace(name);
    }

    @Override
    public Optional<OwnerReference> controllerOf(String namespace, String kind, String name) {
        return storage.controllerOf(namespace, kind, name);
    }

    /** The node agent's observations, when the cluster state has NodeObservations. */
    @Override
    public NodeObservations observations() {
        return storage.observations();
    }
}
