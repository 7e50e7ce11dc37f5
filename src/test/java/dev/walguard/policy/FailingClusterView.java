package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Optional;

/** A cluster view that fails on any lookup: proves a code path makes none. */
final class FailingClusterView implements ClusterView {

    private static AssertionError lookup() {
        return new AssertionError("no cluster lookup expected");
    }

    @Override
    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        throw lookup();
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        throw lookup();
    }

    @Override
    public Optional<PersistentVolume> volumeClaimedBy(String namespace, String claimName) {
        throw lookup();
    }

    @Override
    public Optional<StorageClass> storageClass(String name) {
        throw lookup();
    }

    @Override
    public List<StorageClass> storageClasses() {
        throw lookup();
    }

    @Override
    public Optional<Namespace> namespace(String name) {
        throw lookup();
    }

    @Override
    public List<Pod> podsMountingClaim(String namespace, String claimName) {
        throw lookup();
    }

    @Override
    public Optional<OwnerReference> controllerOf(String namespace, String kind, String name) {
        throw lookup();
    }
}
