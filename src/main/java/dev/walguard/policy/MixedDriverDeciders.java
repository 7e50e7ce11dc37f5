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
 * "undecided": the classifier then looks further (PV, then StorageClass, then the ReadWriteMany heuristic).
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
            Map.entry("Dell PowerMax/PowerFlex/PowerStore/Unity", f -> blockUnlessNfs(f, "Dell block storage")),
            Map.entry("HPE CSI Driver", MixedDriverDeciders::hpe),
            Map.entry("Synology CSI", f -> blockUnlessNfs(f, "Synology iSCSI")),
            Map.entry("Infinidat InfiniBox", MixedDriverDeciders::infinibox),
            Map.entry("Nutanix CSI", MixedDriverDeciders::nutanix),
            Map.entry("Huawei Storage CSI", MixedDriverDeciders::huawei),
            Map.entry("Harvester CSI", f -> sharedFsOrBlock(f, "Harvester", "a Longhorn share-manager NFS export")),
            Map.entry("Ondat (StorageOS)", f -> sharedFsOrBlock(f, "Ondat", "an Ondat NFS server")),
            Map.entry("QNAP CSI", MixedDriverDeciders::qnap),
            Map.entry("democratic-csi", MixedDriverDeciders::democratic));

    private MixedDriverDeciders() {
    }

    private static Optional<Answer> longhorn(DriverFacts f) {
        if (f.sharedFilesystem()) {
            return Optional.of(new Answer(StorageType.NETWORK,
                    "Longhorn serves ReadWriteMany filesystem volumes through an NFSv4 share-manager"));
        }
        return Optional.of(new Answer(StorageType.BLOCK, "Longhorn ReadWriteOnce volumes are block devices"));
    }

    private static Optional<Answer> vsphere(DriverFacts f) {
        if (f.volumeHandle() != null && f.volumeHandle().startsWith("file:")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its vSphere volume handle is a vSAN file share (NFS)"));
        }
        if (f.manyNodesFilesystem()) {
            return Optional.of(new Answer(StorageType.NETWORK,
                    "vSphere serves ReadWriteMany/ReadOnlyMany filesystem volumes from vSAN File Service (NFS)"));
        }
        return Optional.of(new Answer(StorageType.BLOCK, "vSphere ReadWriteOnce volumes are VMDK block devices"));
    }

    private static Optional<Answer> trident(DriverFacts f) {
        String backend = !f.param("backendType").isEmpty() ? f.param("backendType") : f.param("storageDriverName");
        if (Set.of("azure-netapp-files", "gcp-cvs", "google-cloud-netapp-volumes").contains(backend)) {
            return Optional.of(new Answer(StorageType.NETWORK, "its NetApp backend " + backend + " serves NFS/SMB"));
        }
        if (backend.startsWith("ontap-san") || backend.startsWith("solidfire")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its NetApp backend " + backend + " serves iSCSI/NVMe blocks"));
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

    private static Optional<Answer> portworx(DriverFacts f) {
        if (f.param("shared").equals("true")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Portworx parameter shared is \"true\" (a shared volume)"));
        }
        String backend = f.param("backend");
        if (backend.equals("pure_file") || backend.equals("pure_fa_file")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Portworx backend " + backend + " serves NFS"));
        }
        return Optional.of(new Answer(StorageType.BLOCK, "Portworx volumes without sharedv4 are block devices"));
    }

    private static Optional<Answer> pure(DriverFacts f) {
        if (f.param("backend").equals("file")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Pure backend is file (FlashBlade NFS)"));
        }
        return Optional.of(new Answer(StorageType.BLOCK, "its Pure backend is block (FlashArray)"));
    }

    private static Optional<Answer> hpe(DriverFacts f) {
        // HPE file services (Alletra Storage MP file, B10000 File Service) are chosen by accessProtocol: nfs, with no
        // NFS mount option required (scod.hpedev.io, container_storage_provider/*/examples/storageclass.yaml).
        String protocol = f.param("accessProtocol");
        if (protocol.startsWith("nfs")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its HPE accessProtocol is " + protocol));
        }
        return blockUnlessNfs(f, "HPE block storage");
    }

    private static Optional<Answer> infinibox(DriverFacts f) {
        String protocol = f.param("storage_protocol");
        if (protocol.startsWith("nfs")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its InfiniBox storage_protocol is " + protocol));
        }
        if (protocol.equals("iscsi") || protocol.equals("fc")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its InfiniBox storage_protocol is " + protocol));
        }
        return Optional.empty();
    }

    private static Optional<Answer> nutanix(DriverFacts f) {
        String type = f.param("storageType");
        if (type.equals("nutanixfiles") || f.hasParam("nfsServer") || f.hasParam("nfsServerName")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Nutanix storage is Nutanix Files (NFS)"));
        }
        if (type.equals("nutanixvolumes") || f.hasParam("storageContainer")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Nutanix storage is Nutanix Volumes (iSCSI)"));
        }
        return Optional.empty();
    }

    private static Optional<Answer> huawei(DriverFacts f) {
        String type = f.param("volumeType");
        if (type.equals("fs")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Huawei volumeType is fs (a shared file system)"));
        }
        if (type.equals("lun")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Huawei volumeType is lun (a block device)"));
        }
        return Optional.empty();
    }

    private static Optional<Answer> qnap(DriverFacts f) {
        String share = f.param("trident.qnap.io/fileProtocol");
        if (!share.isEmpty() || f.param("protocol").equals("file")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its QNAP volume is a file share"
                    + (share.isEmpty() ? "" : " (" + share + ")")));
        }
        if (f.param("protocol").equals("block") || Set.of("ext3", "ext4", "xfs").contains(f.param("fsType"))) {
            return Optional.of(new Answer(StorageType.BLOCK, "its QNAP volume is an iSCSI block device"));
        }
        return Optional.empty();
    }

    private static Optional<Answer> democratic(DriverFacts f) {
        String name = f.driver().toLowerCase(Locale.ROOT);
        String fsType = !f.param("fsType").isEmpty() ? f.param("fsType")
                : f.fsType() == null ? "" : f.fsType().toLowerCase(Locale.ROOT);
        if (Set.of("lustre", "objectivefs").contains(fsType)) {
            return Optional.of(new Answer(StorageType.NETWORK, "its democratic-csi fsType is " + fsType
                    + ", a network filesystem"));
        }
        if (name.contains("local")) {
            return Optional.of(new Answer(StorageType.LOCAL, "driver " + f.driver()
                    + " is a democratic-csi node-local driver"));
        }
        if (name.contains("iscsi") || name.contains("nvmeof")) {
            return Optional.of(new Answer(StorageType.BLOCK, "driver " + f.driver()
                    + " is a democratic-csi iSCSI/NVMe-oF driver, a block device"));
        }
        for (String word : List.of("nfs", "smb", "lustre", "objectivefs")) {
            if (name.contains(word)) {
                return Optional.of(new Answer(StorageType.NETWORK, "driver " + f.driver()
                        + " is a democratic-csi " + word + " driver"));
            }
        }
        return Optional.empty();
    }

    /** ReadWriteMany filesystem volumes re-exported over NFS; anything else is a block device on one node. */
    private static Optional<Answer> sharedFsOrBlock(DriverFacts f, String product, String export) {
        if (f.sharedFilesystem()) {
            return Optional.of(new Answer(StorageType.NETWORK, product
                    + " serves ReadWriteMany filesystem volumes through " + export));
        }
        return Optional.of(new Answer(StorageType.BLOCK, product
                + " volumes other than ReadWriteMany filesystems are block devices"));
    }

    /** Drivers that are block unless an NFS signal (already checked by {@link NetworkSignals#of}) said otherwise. */
    private static Optional<Answer> blockUnlessNfs(DriverFacts f, String what) {
        return Optional.of(new Answer(StorageType.BLOCK, "driver " + f.driver() + " serves " + what
                + " (no NFS parameter is set)"));
    }
}
