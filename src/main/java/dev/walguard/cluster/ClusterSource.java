package dev.walguard.cluster;

import dev.walguard.policy.ClusterView;

/**
 * A cluster view together with its lifecycle: what the wiring, readiness and the background audit need beyond the
 * lookups, so none of them has to ask which implementation it holds. The offline snapshot is loaded, synced and
 * reachable from the start; the live view fills itself from informers.
 */
public interface ClusterSource extends ClusterView, WorkloadSource, AutoCloseable {

    /** Starts filling the view; returns at once. Nothing to do for a snapshot. */
    void start();

    /** Whether lookups can be trusted: the snapshot at once, the live view once every informer has listed. */
    boolean synced();

    /** Whether the view reads a live API server, which reports, Events and leader election need. */
    boolean live();

    /** Whether the API server answers at the moment (a snapshot needs none: always true). */
    boolean reachable();

    /** Stops the informers, if any. */
    @Override
    void close();
}
