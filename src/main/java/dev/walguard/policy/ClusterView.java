package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Optional;

/**
 * The only way policy code reads cluster state. Implementations answer from memory (files or informer
 * caches); a lookup never calls the API server.
 */
public interface ClusterView {

    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    Optional<PersistentVolume> persistentVolume(String name);

    /** The PV whose {@code spec.claimRef} names this claim (pre-bound or bound), if any. */
    Optional<PersistentVolume> volumeClaimedBy(String namespace, String claimName);

    Optional<StorageClass> storageClass(String name);

    /** Every StorageClass; clusters have a handful, so callers may scan it. */
    List<StorageClass> storageClasses();

    Optional<Namespace> namespace(String name);

    /** Pods in the namespace with a volume on this claim, whatever their phase or annotations. */
    List<Pod> podsMountingClaim(String namespace, String claimName);

    /**
     * The controller owner of a cached ReplicaSet or Job ({@code kind} is {@code ReplicaSet} or {@code Job}),
     * used to follow owner chains such as Pod → ReplicaSet → Deployment.
     */
    Optional<OwnerReference> controllerOf(String namespace, String kind, String name);

    /**
     * What the node agent observed on the nodes ({@code NodeObservation} objects), or {@link NodeObservations#NONE}
     * where nothing publishes them.
     */
    default NodeObservations observations() {
        return NodeObservations.NONE;
    }
}
