package dev.walguard.policy;

import dev.walguard.policy.DriverCatalog.Answer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The deciders of storage arrays that export both LUNs and file shares (Dell, HPE, Synology, InfiniBox, Nutanix,
 * Huawei, QNAP): what the StorageClass asks for, or what the PersistentVolume's attributes and volume handle record
 * of the protocol it was attached with. Registered in {@link MixedDriverDeciders#BY_PRODUCT}.
 */
final class ArrayDeciders {

    /** Attach protocols, as PV attributes name them, that put a block device on one node. */
    private static final Set<String> BLOCK_PROTOCOLS =
            Set.of("scsi", "iscsi", "fc", "nvme", "nvmetcp", "nvmefc", "nvmeof", "nvme-tcp", "nvme-fc");

    private ArrayDeciders() {}

    /**
     * Dell CSM: NFS classes say {@code csi.storage.k8s.io/fstype: nfs} (a generic signal). CSM Shared NFS
     * ({@code shared-nfs: RWX}, csm-hbnfs) exports a block LUN over NFS from a node: its class says ext4 and its PV
     * {@code Protocol: scsi}, only the {@code nfs-} volume-handle prefix tells. PowerStore handles end in
     * {@code /nfs} or {@code /scsi}; Unity handles read {@code <name>-<protocol>-<array>-<id>}.
     */
    static Optional<Answer> dell(DriverFacts f) {
        if (f.hasParam("shared-nfs")) {
            return Optional.of(new Answer(
                    StorageType.NETWORK,
                    "its Dell parameter shared-nfs exports the volume over " + "NFS (CSM Shared NFS)"));
        }
        String handle = f.volumeHandle() == null ? "" : f.volumeHandle().toLowerCase(Locale.ROOT);
        if (handle.startsWith("nfs-") || handle.endsWith("/nfs") || handle.contains("-nfs-")) {
            return Optional.of(new Answer(
                    StorageType.NETWORK, "its Dell volume handle " + f.volumeHandle() + " names an NFS export"));
        }
        String protocol = f.param("protocol");
        if (BLOCK_PROTOCOLS.contains(protocol)) {
            return Optional.of(
                    new Answer(StorageType.BLOCK, "its Dell volume protocol is " + protocol + ", a block device"));
        }
        return blockUnlessNfs(f, "Dell block storage");
    }

    /**
     * HPE: file services by {@code accessProtocol: nfs}, the NFS Server Provisioner by {@code nfsResources} (a
     * generic signal); a PV's attributes are the class parameters plus the claim's overrides.
     */
    static Optional<Answer> hpe(DriverFacts f) {
        // HPE file services (Alletra Storage MP file, B10000 File Service) are chosen by accessProtocol: nfs, with no
        // NFS mount option required (scod.hpedev.io, container_storage_provider/*/examples/storageclass.yaml).
        String protocol = f.param("accessProtocol");
        if (protocol.startsWith("nfs")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its HPE accessProtocol is " + protocol));
        }
        return blockUnlessNfs(f, "HPE block storage");
    }

    static Optional<Answer> synology(DriverFacts f) {
        if (f.param("protocol").equals("iscsi")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Synology protocol is iscsi, a block device"));
        }
        return blockUnlessNfs(f, "Synology iSCSI");
    }

    static Optional<Answer> infinibox(DriverFacts f) {
        String protocol = f.param("storage_protocol");
        String handle = f.volumeHandle() == null ? "" : f.volumeHandle().toLowerCase(Locale.ROOT);
        if (protocol.isEmpty() && handle.contains("$$")) {
            protocol = handle.substring(handle.lastIndexOf("$$") + 2);
        }
        if (protocol.startsWith("nfs")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its InfiniBox storage_protocol is " + protocol));
        }
        if (protocol.equals("iscsi") || protocol.equals("fc")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its InfiniBox storage_protocol is " + protocol));
        }
        return Optional.empty();
    }

    static Optional<Answer> nutanix(DriverFacts f) {
        String type = f.param("storageType");
        String handle = f.volumeHandle() == null ? "" : f.volumeHandle();
        if (type.equals("nutanixfiles")
                || f.hasParam("nfsServer")
                || f.hasParam("nfsServerName")
                || handle.startsWith("NutanixFiles-")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Nutanix storage is Nutanix Files (NFS)"));
        }
        if (type.equals("nutanixvolumes") || f.hasParam("storageContainer") || handle.startsWith("NutanixVolumes-")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Nutanix storage is Nutanix Volumes (iSCSI)"));
        }
        return Optional.empty();
    }

    /** Huawei: {@code volumeType} lun (or unset) is a SAN LUN, fs and dtree are NAS shares; PVs of LUNs carry lunWWN. */
    static Optional<Answer> huawei(DriverFacts f) {
        String type = f.param("volumeType");
        if (type.equals("fs")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Huawei volumeType is fs (a shared file system)"));
        }
        if (type.equals("dtree")) {
            return Optional.of(new Answer(StorageType.NETWORK, "its Huawei volumeType is dtree (an NFS-shared dtree)"));
        }
        if (type.equals("lun")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Huawei volumeType is lun (a block device)"));
        }
        if (f.hasParam("lunWWN")) {
            return Optional.of(new Answer(StorageType.BLOCK, "its Huawei volume has a lunWWN (a block device)"));
        }
        return Answer.byDefault(StorageType.BLOCK, "a Huawei volume without volumeType is a LUN (a block device)");
    }

    /** QNAP: {@code trident.qnap.io/fileProtocol} makes an SMB/NFS share; without it the plug-in makes an iSCSI LUN. */
    static Optional<Answer> qnap(DriverFacts f) {
        String share = f.param("trident.qnap.io/fileProtocol");
        if (!share.isEmpty() || f.param("protocol").equals("file")) {
            return Optional.of(new Answer(
                    StorageType.NETWORK,
                    "its QNAP volume is a file share" + (share.isEmpty() ? "" : " (" + share + ")")));
        }
        if (f.param("protocol").equals("block") || Set.of("ext3", "ext4", "xfs").contains(f.param("fsType"))) {
            return Optional.of(new Answer(StorageType.BLOCK, "its QNAP volume is an iSCSI block device"));
        }
        return Answer.byDefault(
                StorageType.BLOCK, "a QNAP volume without trident.qnap.io/fileProtocol is an iSCSI " + "block device");
    }

    /** Drivers that are block unless an NFS signal (already checked by {@link NetworkSignals#of}) said otherwise. */
    private static Optional<Answer> blockUnlessNfs(DriverFacts f, String what) {
        return Answer.byDefault(
                StorageType.BLOCK, "driver " + f.driver() + " serves " + what + " (no NFS parameter is set)");
    }
}
