package dev.walguard.policy;

/** One container's mount of a volume. */
record Mount(Containers container, String mountPath, boolean readOnly) {
}
