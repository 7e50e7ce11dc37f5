package dev.walguard.policy;

/** One container's mount of a volume, and where on the volume it lands ({@link VolumeLocation}). */
record Mount(Containers container, String mountPath, boolean readOnly, VolumeLocation location) {}
