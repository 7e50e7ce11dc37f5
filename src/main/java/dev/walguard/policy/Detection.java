package dev.walguard.policy;

/** Whether workloads without the {@code walguard.dev/sqlite-wal} annotation are recognised by their images. */
public enum Detection {
    /** A workload running a catalogued image is evaluated as if marked, scoped to the catalogue's paths. */
    IMAGES,
    /** Only annotated workloads are evaluated. */
    OFF
}
