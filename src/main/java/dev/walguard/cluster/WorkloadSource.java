package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Consumer;

/**
 * The workloads a background audit evaluates, and a signal when something they depend on changed. Implemented by
 * the offline snapshot (fixed) and the live view (informers).
 */
public interface WorkloadSource {

    /** Namespace passed to change listeners when a cluster-scoped object (StorageClass, PV) changed. */
    String ALL_NAMESPACES = "*";

    /**
     * Candidate workloads: Pods and objects with a pod template. The live view returns only marked ones (it keeps
     * nothing else); callers still check marking and ownership.
     */
    List<HasMetadata> workloads();

    /**
     * Registers a listener told the namespace of every change that may alter findings (a workload, claim, pod on a
     * claim or namespace changed), or {@link #ALL_NAMESPACES} for cluster-scoped objects. Called on informer
     * threads: it must return quickly. The offline snapshot never calls it.
     */
    void onChange(Consumer<String> listener);
}
