package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What reveals a network filesystem whoever the driver is: parameters, fsType, volume handles and mount options that
 * mean NFS, SMB, Lustre, CephFS or FUSE, and driver names made of such words. They let walguard judge drivers it has
 * never heard of, and turn a block driver's NFS export into network.
 */
final class NetworkSignals {

    /** Words in a driver name that say "network filesystem" whoever made it (e.g. cluster.local/nfs-subdir-...). */
    private static final Set<String> NETWORK_NAME_TOKENS =
            Set.of("nfs", "smb", "cifs", "cephfs", "glusterfs", "lustre", "s3fs", "efs");

    /**
     * Filesystem types that are network or FUSE filesystems: NFS and SMB spellings, Lustre (OCI, FSx, File Cache),
     * CephFS (Rook flex {@code ceph}), GlusterFS, GPFS, BeeGFS, ObjectiveFS, s3fs/obsfs (Huawei CCE OBS), 9p and
     * virtiofs (host shares), and any {@code fuse} or {@code fuse.*} type.
     */
    private static final Set<String> NETWORK_FS_TYPES = Set.of(
            "nfs",
            "nfs3",
            "nfs4",
            "nfs4.0",
            "nfs4.1",
            "nfs4.2",
            "cifs",
            "smb",
            "smb3",
            "lustre",
            "ceph",
            "cephfs",
            "glusterfs",
            "gpfs",
            "beegfs",
            "objectivefs",
            "s3fs",
            "obsfs",
            "9p",
            "virtiofs",
            "fuse");

    /** Values of a {@code protocol} parameter or attribute that mean a network filesystem. */
    private static final Set<String> NETWORK_PROTOCOLS =
            Set.of("nfs", "nfs3", "nfsv3", "nfs4", "nfsv4", "nfsv41", "smb", "smb3", "cifs", "fuse", "fuse2", "lustre");

    /** Parameters (or PV attributes) naming an NFS server or export endpoint, whoever the driver is. */
    private static final List<String> NFS_ENDPOINT_KEYS =
            List.of("nfsServer", "nfs_endpoint", "pure_nfs_endpoint", "proxy_endpoint", "nasServer", "nasName");

    /** democratic-csi's {@code node_attach_driver} values that mount a network filesystem. */
    private static final Set<String> NETWORK_ATTACH_DRIVERS =
            Set.of("nfs", "smb", "lustre", "objectivefs", "oneclient");

    /** Parameters carrying NFS mount options (Portworx {@code mount_options}, HPE {@code nfsMountOptions}). */
    private static final List<String> MOUNT_OPTION_PARAMETERS =
            List.of("mount_options", "sharedv4_mount_options", "nfsMountOptions");

    private static final List<String> NETWORK_MOUNT_OPTION_PREFIXES =
            List.of("nfsvers=", "vers=", "nconnect=", "timeo=", "dir_mode=", "file_mode=", "retrans=", "sec=");
    private static final Set<String> NETWORK_MOUNT_OPTIONS =
            Set.of("nolock", "hard", "soft", "nfsvers", "noac", "flock");

    /** A Lustre NID in a volume handle, e.g. {@code 10.0.2.6@tcp:/aiworkfs} (OCI Lustre) or {@code @o2ib}. */
    private static final Pattern LUSTRE_HANDLE = Pattern.compile(".*@(tcp|o2ib)[0-9]*:/.*");

    private NetworkSignals() {}

    /** Parameters, handles and mount options that mean a network filesystem whoever the driver is; first answers. */
    static Optional<Answer> of(DriverFacts f) {
        for (String key : List.of("csi.storage.k8s.io/fstype", "fsType", "fstype")) {
            String v = f.param(key);
            if (networkFsType(v)) {
                return Optional.of(new Answer(StorageType.NETWORK, "its parameter " + key + " is " + v));
            }
        }
        String fsType = f.fsType() == null ? "" : f.fsType().trim().toLowerCase(Locale.ROOT);
        if (networkFsType(fsType)) {
            return Optional.of(new Answer(StorageType.NETWORK, "its fsType is " + fsType));
        }
        String protocol = f.param("protocol");
        if (NETWORK_PROTOCOLS.contains(protocol)) {
            return Optional.of(new Answer(StorageType.NETWORK, "its protocol parameter is " + protocol));
        }
        for (String key : List.of("nfsResources", "sharedv4")) {
            if (f.param(key).equals("true")) {
                return Optional.of(
                        new Answer(StorageType.NETWORK, "its parameter " + key + " is \"true\" (an NFS export)"));
            }
        }
        if (f.param("backendType").startsWith("ontap-nas")
                || f.param("storageDriverName").startsWith("ontap-nas")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its NetApp backend is ONTAP NAS (NFS)"));
        }
        if (f.hasParam("server") && (f.hasParam("share") || f.hasParam("path"))) {
            return Optional.of(new Answer(StorageType.NETWORK, "it mounts a share from server " + f.param("server")));
        }
        if (f.hasParam("host") && f.hasParam("fsid")) {
            return Optional.of(new Answer(
                    StorageType.NETWORK, "it mounts file system " + f.param("fsid") + " from host " + f.param("host")));
        }
        for (String key : NFS_ENDPOINT_KEYS) {
            if (f.hasParam(key)) {
                return Optional.of(new Answer(
                        StorageType.NETWORK, "its parameter " + key + " names an NFS endpoint (" + f.param(key) + ")"));
            }
        }
        String attach = f.param("node_attach_driver");
        if (NETWORK_ATTACH_DRIVERS.contains(attach)) {
            return Optional.of(
                    new Answer(StorageType.NETWORK, "its node_attach_driver is " + attach + ", a network filesystem"));
        }
        String handle = f.volumeHandle() == null ? "" : f.volumeHandle().trim().toLowerCase(Locale.ROOT);
        if (handle.endsWith("$$nfs") || handle.endsWith("$$nfs_treeq")) {
            return Optional.of(new Answer(
                    StorageType.NETWORK, "its volume handle " + f.volumeHandle() + " names the NFS protocol"));
        }
        if (LUSTRE_HANDLE.matcher(handle).matches()) {
            return Optional.of(new Answer(
                    StorageType.NETWORK, "its volume handle " + f.volumeHandle() + " is a Lustre file system address"));
        }
        Optional<Answer> option = mountOption(f.mountOptions(), "mount option");
        if (option.isPresent()) {
            return option;
        }
        for (String key : MOUNT_OPTION_PARAMETERS) {
            if (f.hasParam(key)) {
                Optional<Answer> o = mountOption(List.of(f.param(key).split(",")), "parameter " + key + " option");
                if (o.isPresent()) {
                    return o;
                }
            }
        }
        return Optional.empty();
    }

    /** A driver name whose words say NFS, SMB, CephFS, ... (e.g. {@code cluster.local/my-nfs-provisioner}). */
    static Optional<Answer> ofName(String driver) {
        for (String token : driver.toLowerCase(Locale.ROOT).split("[./_\\-]")) {
            if (NETWORK_NAME_TOKENS.contains(token)) {
                return Optional.of(new Answer(
                        StorageType.NETWORK,
                        "driver " + driver + " is named after a network filesystem (" + token + ")"));
            }
        }
        return Optional.empty();
    }

    private static boolean networkFsType(String v) {
        return NETWORK_FS_TYPES.contains(v) || v.startsWith("fuse.");
    }

    private static Optional<Answer> mountOption(List<String> options, String what) {
        for (String option : options) {
            String o = option.trim().toLowerCase(Locale.ROOT);
            if (NETWORK_MOUNT_OPTIONS.contains(o)
                    || NETWORK_MOUNT_OPTION_PREFIXES.stream().anyMatch(o::startsWith)) {
                return Optional.of(new Answer(StorageType.NETWORK, "its " + what + " " + o + " is an NFS/SMB option"));
            }
        }
        return Optional.empty();
    }
}
