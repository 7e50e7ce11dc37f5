package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Informer store for Deployments, StatefulSets, DaemonSets and CronJobs, which only the background audit reads. It
 * keeps only <em>marked</em> objects ({@code walguard.dev/sqlite-wal} on the object or its pod template, other than
 * {@code "false"}), whole but without {@code status}, {@code managedFields} and kubectl's last-applied copy: the
 * audit needs the pod template and claim templates. Unmarked objects (nearly all of a cluster) cost nothing; an
 * object that loses its mark is dropped on its next update.
 */
final class MarkedWorkloadItemStore<T extends HasMetadata> extends ReducingItemStore<T, T> {

    private final WorkloadKind<T> kind;

    MarkedWorkloadItemStore(WorkloadKind<T> kind) {
        super(false);
        this.kind = kind;
    }

    @Override
    T reduce(T obj) {
        return kind.isMarked(obj) ? kind.trim(obj) : null;
    }

    /** The trimmed object itself: the audit only reads it. */
    @Override
    T restore(String key, T kept) {
        return kept;
    }

    List<T> list() {
        return values().toList();
    }
}
