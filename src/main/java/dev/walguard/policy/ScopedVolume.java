package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;

/**
 * A volume that holds (or may hold) a SQLite database.
 *
 * @param name      the pod volume name (or StatefulSet claim template name)
 * @param volume    the pod volume, or null for a claim template
 * @param template  the StatefulSet claim template, or null
 * @param mounts    the mounts of this volume, in container order
 * @param implicit  whether it is in scope only because no {@code walguard.dev/volumes} or {@code paths} annotation
 *                  narrows the scope, so findings must say so
 * @param databases where on the volume the databases named by {@code walguard.dev/paths} are, when only paths
 *                  select it; null when the whole volume is in scope
 */
record ScopedVolume(
        String name,
        Volume volume,
        PersistentVolumeClaim template,
        List<Mount> mounts,
        boolean implicit,
        List<VolumeLocation> databases) {

    /** The claim name when this is a pod volume on an existing claim. */
    String claimName() {
        return volume != null && volume.getPersistentVolumeClaim() != null
                ? volume.getPersistentVolumeClaim().getClaimName()
                : null;
    }

    boolean readOnlySource() {
        return volume != null
                && volume.getPersistentVolumeClaim() != null
                && Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly());
    }
}
