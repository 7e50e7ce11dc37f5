package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What reveals a network filesystem whoever the driver is: parameters, fsType and mount options that mean NFS, SMB
 * or FUSE, and driver names made of such words. They let walguard judge drivers it has never heard of, and turn a
 * block driver's NFS export into network.
 */
final class NetworkSignals {

    /** Words in a driver name that say "network filesystem" whoever made it (e.g. cluster.local/nfs-subdir-...). */
    private static final Set<String> NETWORK_NAME_TOKENS = Set.of("nfs", "smb", "cifs", "cephfs", "glusterfs",
            "lustre", "s3fs", "efs");

    private static final List<String> NETWORK_MOUNT_OPTION_PREFIXES = List.of("nfsvers=", "vers=", "nconnect=",
            "timeo=", "dir_mode=", "file_mode=", "retrans=", "sec=");
    private static final Set<String> NETWORK_MOUNT_OPTIONS = Set.of("nolock", "hard", "soft", "nfsvers", "noac");

    private NetworkSignals() {
    }

    /** Parameters and mount options that mean NFS, SMB or FUSE whoever the driver is; the first one found answers. */
    static Optional<Answer> of(DriverFacts f) {
        for (String key : List.of("csi.storage.k8s.io/fstype", "fsType", "fstype")) {
            String v = f.param(key);
            if (v.equals("nfs") || v.equals("nfs4") || v.equals("cifs") || v.equals("smb")) {
                return Optional.of(new Answer(StorageType.NETWORK, "its parameter " + key + " is " + v));
            }
        }
        String fsType = f.fsType() == null ? "" : f.fsType().toLowerCase(Locale.ROOT);
        if (fsType.equals("nfs") || fsType.equals("nfs4") || fsType.equals("cifs")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its fsType is " + fsType));
        }
        String protocol = f.param("protocol");
        if (Set.of("nfs", "smb", "cifs", "fuse", "fuse2").contains(protocol)) {
            return Optional.of(new Answer(StorageType.NETWORK, "its protocol parameter is " + protocol));
        }
        for (String key : List.of("nfsResources", "sharedv4")) {
            if (f.param(key).equals("true")) {
                return Optional.of(new Answer(StorageType.NETWORK, "its parameter " + key + " is \"true\" (an NFS export)"));
            }
        }
        if (f.param("backendType").startsWith("ontap-nas") || f.param("storageDriverName").startsWith("ontap-nas")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its NetApp backend is ONTAP NAS (NFS)"));
        }
        if (f.hasParam("server") && (f.hasParam("share") || f.hasParam("path"))) {
            return Optional.of(new Answer(StorageType.NETWORK, "it mounts a share from server " + f.param("server")));
        }
        for (String option : f.mountOptions()) {
            String o = option.trim().toLowerCase(Locale.ROOT);
            if (NETWORK_MOUNT_OPTIONS.contains(o) || NETWORK_MOUNT_OPTION_PREFIXES.stream().anyMatch(o::startsWith)) {
                return Optional.of(new Answer(StorageType.NETWORK, "its mount option " + o + " is an NFS/SMB option"));
            }
        }
        return Optional.empty();
    }

    /** A driver name whose words say NFS, SMB, CephFS, ... (e.g. {@code cluster.local/my-nfs-provisioner}). */
    static Optional<Answer> ofName(String driver) {
        for (String token : driver.toLowerCase(Locale.ROOT).split("[./_\\-]")) {
            if (NETWORK_NAME_TOKENS.contains(token)) {
                return Optional.of(new Answer(StorageType.NETWORK,
                        "driver " + driver + " is named after a network filesystem (" + token + ")"));
            }
        }
        return Optional.empty();
    }
}
