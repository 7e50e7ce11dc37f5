package dev.walguard.cluster;

/** A cluster view that fills itself (informers) and so is not ready at once. */
public interface SyncAware {
    boolean synced();
}
