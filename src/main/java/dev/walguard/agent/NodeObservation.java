package dev.walguard.agent;

import dev.walguard.agent.DatabaseFinder.Database;
import java.util.List;

/**
 * What a node scan saw: every pod volume with the mount that holds it, and the node's network mounts outside the
 * kubelet's directory (for hostPath volumes of pods that are not running yet).
 *
 * @param stoppedEarly why the listing of pods or mounts stopped early, or null
 */
public record NodeObservation(
        String node, List<Volume> volumes, List<NetworkMount> networkMounts, String stoppedEarly) {

    /**
     * One pod volume.
     *
     * @param volume the directory name under the plugin directory: the PV name for CSI volumes, the pod's volume
     *     name for in-tree ones
     * @param mountPoint the mount point of the mount that holds it, as the host's mount table spells it; null when no
     *     mount covers it
     * @param stoppedEarly why database discovery stopped early in this volume, or null
     */
    public record Volume(
            String podUid,
            String volume,
            String plugin,
            String mountPoint,
            String fsType,
            String source,
            Storage storage,
            List<Database> databases,
            String stoppedEarly) {}

    /** A mount of the node outside the kubelet directory that is a network filesystem or lies in one. */
    public record NetworkMount(String mountPoint, String fsType, String source, Storage storage) {}
}
