package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How drivers that serve both files and blocks (the {@code mixed} entries of {@code drivers.yaml}) are classified:
 * from their parameters, volume handle or access modes. Keyed by the entry's product. An empty answer means
 * "undecided"; an {@link Answer#byDefault} answer is the driver's default when nothing it reads decides, which the
 * classifier trusts for a StorageClass but not for a PersistentVolume alone (see {@link Answer}). Storage arrays are
 * in {@link ArrayDeciders}.
 *
 * <p>The generic {@link NetworkSignals} are checked before any decider, so a decider only sees facts with no NFS, SMB
 * or FUSE parameter.
 */
final class MixedDriverDeciders {

    /** The decider of each mixed product; {@code DriverCatalog} refuses a mixed entry without one, and vice versa. */
    static final Map<String, Function<DriverFacts, Optional<Answer>>> BY_PRODUCT = Map.ofEntries(
            Map.entry("Longhorn", MixedDriverDeciders::longhorn),
            Map.entry("vSphere CNS", MixedDriverDeciders::vsphere),
            Map.entry("NetApp Trident", MixedDriverDeciders::trident),
            Map.entry("Portworx", MixedDriverDeciders::portworx),
            Map.entry("Pure Service Orchestrator", MixedDriverDeciders::pure),
            Map.entry("Dell PowerMax/PowerFlex/PowerStore/Unity", ArrayDeciders::dell),
            Map.entry("HPE CSI Driver", ArrayDeciders::hpe),
            Map.entry("Synology CSI", ArrayDeciders::synology),
            Map.entry("Infinidat InfiniBox", ArrayDeciders::infinibox),
            Map.entry("Nutanix CSI", ArrayDeciders::nutanix),
            Map.entry("Huawei Storage CSI", ArrayDeciders::huawei),
            Map.entry("Harvester CSI", f -> sharedFsOrBlock(f, "Harvester", "a Longhorn share-manager NFS export")),
            Map.entry("Ondat (StorageOS)", f -> sharedFsOrBlock(f, "Ondat", "an Ondat NFS server")),
            Map.entry(
                    "LINSTOR / Piraeus (DRBD)",
                    f -> sharedFsOrBlock(f, "LINSTOR", "a per-volume NFS-Ganesha export (linstor-csi 1.10 and later)")),
            Map.entry("QNAP CSI", ArrayDeciders::qnap),
            Map.entry("democratic-csi", MixedDriverDeciders::democratic),
            Map.entry("Vultr Block Storage / Vultr File System", MixedDriverDeciders::vultr),
            Map.entry("Local Path Provisioner", MixedDriverDeciders::localPath),
            Map.entry("pre-created PersistentVolumes (no provisioner)", MixedDriverDeciders::noProvisioner),
            Map.entry("Rook flex driver (Ceph)", MixedDriverDeciders::rookFlex));

    private MixedDriverDeciders() {}

    private static Optional<Answer> longhorn(DriverFacts f) {
        if (f.sharedFilesystem()) {
            return Optional.of(new Answer(
                    StorageType.NETWORK,
                    "Longhorn serves ReadWriteMany filesystem volumes through an NFSv4 share-manager"));
        }
        return Optional.of(new Answer(StorageType.BLOCK, "Longhorn ReadWriteOnce volumes are block devices"));
    }

    private static Optional<Answer> vsphere(DriverFacts f) {
        if (f.volumeHandle() != null && f.volumeHandle().startsWith("file:")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its vSphere volume handle is a vSAN file share (NFS)"));
        }
        if (f.param("type").equals("vsphere cns file volume")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its vSphere volume type is a vSAN file share (NFS)"));
        }
        if (f.manyNodesFilesystem()) {
            return Optional.of(new Answer(
                    StorageType.NETWORK,
                    "vSphere serves ReadWriteMany/ReadOnlyMany filesystem volumes from vSAN File Service (NFS)"));
        }
        return Optional.of(new Answer(StorageType.BLOCK, "vSphere ReadWriteOnce volumes are VMDK block devices"));
    }

    private static Optional<Answer> trident(DriverFacts f) {
        String backend = !f.param("backendType").isEmpty() ? f.param("backendType") : f.param("storageDriverName");
        if (Set.of("azure-netapp-files", "gcp-cvs", "google-cloud-netapp-volumes")
                .contains(backend)) {
            return Optional.of(new Answer(StorageType.NETWORK, "its NetApp backend " + backend + " serves NFS/SMB"));
        }
        if (backend.startsWith("ontap-san") || backend.startsWith("solidfire")) {
            return Optional.of(
                    new Answer(StorageType.BLOCK, "its NetApp backend " + backend + " serves iSCSI/NVMe blocks"));
        }
        String protocol = f.param("protocol");
        if (protocol.equals("file")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Trident volume protocol is file (NFS/SMB)"));
        }
        if (protocol.equals("block")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Trident volume protocol is block"));
        }
        return Optional.empty();
    }

    /**
     * Portworx: shared and sharedv4 volumes, proxy volumes ({@code proxy_endpoint}, caught by the generic signals) and
     * the FlashBlade backends are NFS; PX-CSI also makes every ReadWriteMany/ReadOnlyMany filesystem volume sharedv4
     * (openstorage csi/controller.go resolveSharedSpec). A PV's attributes only carry shared/sharedv4, and "false"
     * there does not rule out a FlashBlade or proxy volume, so the block default needs the class.
     */
    private static Optional<Answer> portworx(DriverFacts f) {
        if (f.param("sharedv4").equals("true")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its parameter sharedv4 is \"true\" (an NFS export)"));
        }
        if (f.param("shared").equals("true")) {
            return Optional.of(
                    new Answer(StorageType.NETWORK, "its Portworx parameter shared is \"true\" (a shared volume)"));
        }
        String backend = f.param("backend");
        if (backend.equals("pure_file") || backend.equals("pure_fa_file")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Portworx backend " + backend + " serves NFS"));
        }
        if (f.manyNodesFilesystem() && !backend.equals("pure_block")) {
            return Optional.of(new Answer(
                    StorageType.NETWORK,
                    "Portworx serves ReadWriteMany/ReadOnlyMany filesystem " + "volumes as sharedv4 (NFS) volumes"));
        }
        return Answer.byDefault(StorageType.BLOCK, "Portworx volumes without sharedv4 are block devices");
    }

    private static Optional<Answer> pure(DriverFacts f) {
        if (f.param("backend").equals("file")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Pure backend is file (FlashBlade NFS)"));
        }
        if (f.param("backend").equals("block")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Pure backend is block (FlashArray)"));
        }
        return Answer.byDefault(StorageType.BLOCK, "its Pure backend is block (FlashArray)");
    }

    /** Vultr: one driver for block storage and VFS (virtiofs shared file system), chosen by {@code storage_type}. */
    private static Optional<Answer> vultr(DriverFacts f) {
        String type = f.param("storage_type");
        if (type.equals("vfs")) {
            return Optional.of(new Answer(
                    StorageType.NETWORK,
                    "its Vultr storage_type is vfs, the Vultr File System " + "shared by many instances"));
        }
        if (type.equals("block") || f.hasParam("block_type")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Vultr storage_type is block storage"));
        }
        return Answer.byDefault(StorageType.BLOCK, "Vultr volumes without storage_type vfs are block storage");
    }

    /** local-path only accepts ReadWriteMany/ReadOnlyMany with {@code sharedFileSystemPath}, a mount on every node. */
    private static Optional<Answer> localPath(DriverFacts f) {
        if (f.manyNodesFilesystem()) {
            return Optional.of(new Answer(
                    StorageType.NETWORK,
                    "local-path serves ReadWriteMany/ReadOnlyMany volumes "
                            + "only from sharedFileSystemPath, a filesystem mounted on every node"));
        }
        return Optional.of(new Answer(
                StorageType.LOCAL, "driver " + f.driver() + " is Local Path Provisioner, " + "node-local storage"));
    }

    /** {@code kubernetes.io/no-provisioner} binds pre-created PVs of any kind (local disks, NFS, SAN): only they tell. */
    private static Optional<Answer> noProvisioner(DriverFacts f) {
        return Optional.of(
                new Answer(
                        StorageType.UNKNOWN,
                        "StorageClass provisioner " + f.driver() + " only binds "
                                + "pre-created PersistentVolumes (local disks or NFS and SAN shares alike), and none decides yet"));
    }

    /** Rook's flex driver: {@code options.fsName} mounts CephFS, {@code pool} with {@code image} maps an RBD image. */
    private static Optional<Answer> rookFlex(DriverFacts f) {
        if (f.hasParam("fsName")) {
            return Optional.of(
                    new Answer(StorageType.NETWORK, "its Rook flex option fsName mounts CephFS " + f.param("fsName")));
        }
        if (f.hasParam("pool") && f.hasParam("image")) {
            return Optional.of(
                    new Answer(StorageType.BLOCK, "its Rook flex options pool and image map a Ceph RBD image"));
        }
        return Optional.empty();
    }

    private static Optional<Answer> democratic(DriverFacts f) {
        String name = f.driver().toLowerCase(Locale.ROOT);
        String fsType = !f.param("fsType").isEmpty()
                ? f.param("fsType")
                : f.fsType() == null ? "" : f.fsType().toLowerCase(Locale.ROOT);
        if (Set.of("lustre", "objectivefs").contains(fsType)) {
            return Optional.of(new Answer(
                    StorageType.NETWORK, "its democratic-csi fsType is " + fsType + ", a network filesystem"));
        }
        String attach = f.param("node_attach_driver");
        if (attach.equals("iscsi") || attach.equals("nvmeof")) {
            return Optional.of(new Answer(
                    StorageType.BLOCK, "its democratic-csi node_attach_driver is " + attach + ", a block device"));
        }
        if (attach.equals("hostpath") || attach.equals("zfs-local")) {
            return Optional.of(new Answer(
                    StorageType.LOCAL, "its democratic-csi node_attach_driver is " + attach + ", node-local storage"));
        }
        if (name.contains("local")) {
            return Optional.of(
                    new Answer(StorageType.LOCAL, "driver " + f.driver() + " is a democratic-csi node-local driver"));
        }
        if (name.contains("iscsi") || name.contains("nvmeof")) {
            return Optional.of(new Answer(
                    StorageType.BLOCK,
                    "driver " + f.driver() + " is a democratic-csi iSCSI/NVMe-oF driver, a block device"));
        }
        for (String word : List.of("nfs", "smb", "lustre", "objectivefs")) {
            if (name.contains(word)) {
                return Optional.of(new Answer(
                        StorageType.NETWORK, "driver " + f.driver() + " is a democratic-csi " + word + " driver"));
            }
        }
        return Optional.empty();
    }

    /** ReadWriteMany filesystem volumes re-exported over NFS; anything else is a block device on one node. */
    private static Optional<Answer> sharedFsOrBlock(DriverFacts f, String product, String export) {
        if (f.sharedFilesystem()) {
            return Optional.of(new Answer(
                    StorageType.NETWORK, product + " serves ReadWriteMany filesystem volumes through " + export));
        }
        return Optional.of(new Answer(
                StorageType.BLOCK, product + " volumes other than ReadWriteMany filesystems are block devices"));
    }
}
