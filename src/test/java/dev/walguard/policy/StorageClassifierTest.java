package dev.walguard.policy;

import static dev.walguard.policy.StorageType.BLOCK;
import static dev.walguard.policy.StorageType.LOCAL;
import static dev.walguard.policy.StorageType.NETWORK;
import static dev.walguard.policy.StorageType.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The storage classification order of SPEC.md ("Storage classification"), one table per step. Every case builds a
 * small cluster from fabric8 objects, classifies one volume and checks the verdict's type, reason, claim, class and
 * driver exactly.
 */
class StorageClassifierTest {

    private static final String NS = "shop";
    private static final String ANNOTATION = "walguard.dev/storage-type";
    private static final String DEFAULT = "storageclass.kubernetes.io/is-default-class";
    private static final String BETA_DEFAULT = "storageclass.beta.kubernetes.io/is-default-class";
    private static final String HEURISTIC = "ReadWriteMany filesystem volumes are served to several nodes";
    private static final String NO_CLASS =
            "the claim sets storageClassName \"\" (static binding only) and no " + "PersistentVolume is bound to it";
    private static final String NO_DEFAULT = "the claim names no StorageClass, no PersistentVolume is bound to it and "
            + "the cluster has no default StorageClass";

    // ---------------------------------------------------------------------------------------------------------------
    // Step 1: the admin annotation, on the PV first, then on the StorageClass. Step 2: configured driver patterns.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> annotationsAndPatterns() {
        return Stream.of(
                Arguments.of(
                        "an admin annotation on the PV beats the StorageClass annotation",
                        given(
                                annotated(sc("nfs", "nfs.csi.k8s.io"), "network"),
                                annotated(csiPv("pv-1", "nfs.csi.k8s.io"), "block"),
                                claim("data", "nfs", "ReadWriteMany")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(
                                BLOCK,
                                "PersistentVolume pv-1 is annotated walguard.dev/storage-type: block",
                                "data",
                                "nfs",
                                "nfs.csi.k8s.io")),
                Arguments.of(
                        "an admin annotation on the PV beats its in-tree NFS source",
                        given(annotated(nfsPv("pv-1"), "local"), staticClaim("data", "pv-1")),
                        expect(
                                LOCAL,
                                "PersistentVolume pv-1 is annotated walguard.dev/storage-type: local",
                                "data",
                                null,
                                null)),
                Arguments.of(
                        "a StorageClass annotation beats configured patterns",
                        given(
                                        annotated(sc("fast", "ebs.csi.aws.com"), "local"),
                                        claim("data", "fast", "ReadWriteOnce").build())
                                .patterns("*", "", ""),
                        expect(
                                LOCAL,
                                "StorageClass fast is annotated walguard.dev/storage-type: local",
                                "data",
                                "fast",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "a StorageClass annotation beats the bound PV's NFS source",
                        given(
                                annotated(sc("legacy", "kubernetes.io/no-provisioner"), "block"),
                                pv(
                                        "pv-1",
                                        s -> s.withNewNfs("/exports/data", false, "10.0.0.5")
                                                .withStorageClassName("legacy")),
                                claim("data", "legacy", "ReadWriteOnce")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(
                                BLOCK,
                                "StorageClass legacy is annotated walguard.dev/storage-type: block",
                                "data",
                                "legacy",
                                "kubernetes.io/no-provisioner")),
                Arguments.of(
                        "an annotation value is matched case-insensitively and shown trimmed",
                        given(
                                annotated(sc("fast", "ebs.csi.aws.com"), " Network "),
                                claim("data", "fast", "ReadWriteOnce").build()),
                        expect(
                                NETWORK,
                                "StorageClass fast is annotated walguard.dev/storage-type: Network",
                                "data",
                                "fast",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "an annotation with a value other than network, block or local is ignored",
                        given(
                                annotated(sc("fast", "ebs.csi.aws.com"), "ssd"),
                                claim("data", "fast", "ReadWriteOnce").build()),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                "data",
                                "fast",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "configured patterns beat the bound PV's CSI driver",
                        given(csiPv("pv-1", "nfs.csi.k8s.io"), staticClaim("data", "pv-1"))
                                .patterns("", "nfs.csi.k8s.io", ""),
                        expect(
                                BLOCK,
                                "driver nfs.csi.k8s.io matches walguard.storage.block pattern \"nfs.csi.k8s.io\"",
                                "data",
                                null,
                                "nfs.csi.k8s.io")),
                Arguments.of(
                        "configured patterns beat the catalog",
                        given(
                                        sc("shared", "efs.csi.aws.com"),
                                        claim("data", "shared", "ReadWriteMany").build())
                                .patterns("", "", "efs.csi.aws.com"),
                        expect(
                                LOCAL,
                                "driver efs.csi.aws.com matches walguard.storage.local pattern \"efs.csi.aws.com\"",
                                "data",
                                "shared",
                                "efs.csi.aws.com")),
                Arguments.of(
                        "a configured * glob matches every driver",
                        given(
                                        sc("gp3", "ebs.csi.aws.com"),
                                        claim("data", "gp3", "ReadWriteOnce").build())
                                .patterns("", "", "*"),
                        expect(
                                LOCAL,
                                "driver ebs.csi.aws.com matches walguard.storage.local pattern \"*\"",
                                "data",
                                "gp3",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "a configured glob with * in the middle matches",
                        given(
                                        sc("corp", "files.eu-1.example.com"),
                                        claim("data", "corp", "ReadWriteOnce").build())
                                .patterns("files.*.example.com", "", ""),
                        expect(
                                NETWORK,
                                "driver files.eu-1.example.com matches walguard.storage.network pattern "
                                        + "\"files.*.example.com\"",
                                "data",
                                "corp",
                                "files.eu-1.example.com")),
                Arguments.of(
                        "a configured suffix glob matches a Rook-prefixed driver",
                        given(
                                        sc("fs", "rook-ceph.cephfs.csi.ceph.com"),
                                        claim("data", "fs", "ReadWriteOnce").build())
                                .patterns("", "*.cephfs.csi.ceph.com", ""),
                        expect(
                                BLOCK,
                                "driver rook-ceph.cephfs.csi.ceph.com matches walguard.storage.block pattern "
                                        + "\"*.cephfs.csi.ceph.com\"",
                                "data",
                                "fs",
                                "rook-ceph.cephfs.csi.ceph.com")),
                Arguments.of(
                        "configured patterns match case-insensitively and are shown as written",
                        given(
                                        sc("shared", "efs.csi.aws.com"),
                                        claim("data", "shared", "ReadWriteOnce").build())
                                .patterns("", "EFS.CSI.AWS.COM", ""),
                        expect(
                                BLOCK,
                                "driver efs.csi.aws.com matches walguard.storage.block pattern \"EFS.CSI.AWS.COM\"",
                                "data",
                                "shared",
                                "efs.csi.aws.com")),
                Arguments.of(
                        "a configured comma list with blanks matches its non-blank entries",
                        given(
                                        sc("nas", "nas.example.com"),
                                        claim("data", "nas", "ReadWriteOnce").build())
                                .patterns(" , other.example.com ,, nas.example.com , ", "", ""),
                        expect(
                                NETWORK,
                                "driver nas.example.com matches walguard.storage.network pattern "
                                        + "\"nas.example.com\"",
                                "data",
                                "nas",
                                "nas.example.com")),
                Arguments.of(
                        "network patterns are tried before block and local patterns",
                        given(
                                        sc("x", "csi.example.com"),
                                        claim("data", "x", "ReadWriteOnce").build())
                                .patterns("*.example.com", "*", "*"),
                        expect(
                                NETWORK,
                                "driver csi.example.com matches walguard.storage.network pattern "
                                        + "\"*.example.com\"",
                                "data",
                                "x",
                                "csi.example.com")),
                Arguments.of(
                        "configured patterns try the PV's driver before the class provisioner",
                        given(
                                        sc("x", "b.example.com"),
                                        csiPv("pv-1", "a.example.com"),
                                        claim("data", "x", "ReadWriteOnce")
                                                .editSpec()
                                                .withVolumeName("pv-1")
                                                .endSpec()
                                                .build())
                                .patterns("b.example.com", "a.example.com", ""),
                        expect(
                                BLOCK,
                                "driver a.example.com matches walguard.storage.block pattern \"a.example.com\"",
                                "data",
                                "x",
                                "a.example.com")),
                Arguments.of(
                        "configured patterns match the claim's storage-provisioner annotation when its class is gone",
                        given(claim("data", "gone", "ReadWriteOnce")
                                        .editMetadata()
                                        .addToAnnotations("volume.kubernetes.io/storage-provisioner", "csi.example.com")
                                        .endMetadata()
                                        .build())
                                .patterns("", "csi.example.com", ""),
                        expect(
                                BLOCK,
                                "driver csi.example.com matches walguard.storage.block pattern \"csi.example.com\"",
                                "data",
                                "gone",
                                "csi.example.com")),
                Arguments.of(
                        "configured patterns match the claim's beta storage-provisioner annotation",
                        given(claim("data", "gone", "ReadWriteOnce")
                                        .editMetadata()
                                        .addToAnnotations(
                                                "volume.beta.kubernetes.io/storage-provisioner", "csi.example.com")
                                        .endMetadata()
                                        .build())
                                .patterns("csi.example.com", "", ""),
                        expect(
                                NETWORK,
                                "driver csi.example.com matches walguard.storage.network pattern "
                                        + "\"csi.example.com\"",
                                "data",
                                "gone",
                                "csi.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void annotationsAndPatterns(String name, Given given, Expected expected) {
        check(given, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Step 3: the bound PV, found through spec.volumeName or a PV whose claimRef names the claim.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> boundPersistentVolume() {
        return Stream.of(
                inTree(
                        "nfs",
                        NETWORK,
                        "is an NFS export (10.0.0.5:/exports/data)",
                        s -> s.withNewNfs("/exports/data", false, "10.0.0.5")),
                inTree(
                        "cephfs",
                        NETWORK,
                        "is a CephFS mount",
                        s -> s.withNewCephfs().withMonitors("10.0.0.1:6789").endCephfs()),
                inTree(
                        "glusterfs",
                        NETWORK,
                        "is a GlusterFS mount",
                        s -> s.withNewGlusterfs()
                                .withEndpoints("gluster")
                                .withPath("vol0")
                                .endGlusterfs()),
                inTree(
                        "azureFile",
                        NETWORK,
                        "is an Azure Files (SMB) share",
                        s -> s.withNewAzureFile()
                                .withShareName("share")
                                .withSecretName("azure")
                                .endAzureFile()),
                inTree(
                        "quobyte",
                        NETWORK,
                        "is a Quobyte mount",
                        s -> s.withNewQuobyte()
                                .withRegistry("registry:7861")
                                .withVolume("vol")
                                .endQuobyte()),
                inTree(
                        "awsElasticBlockStore",
                        BLOCK,
                        "is a awsElasticBlockStore block device",
                        s -> s.withNewAwsElasticBlockStore()
                                .withVolumeID("vol-0123")
                                .endAwsElasticBlockStore()),
                inTree(
                        "gcePersistentDisk",
                        BLOCK,
                        "is a gcePersistentDisk block device",
                        s -> s.withNewGcePersistentDisk().withPdName("disk-1").endGcePersistentDisk()),
                inTree(
                        "azureDisk",
                        BLOCK,
                        "is a azureDisk block device",
                        s -> s.withNewAzureDisk()
                                .withDiskName("disk-1")
                                .withDiskURI("/subs/x/disk-1")
                                .endAzureDisk()),
                inTree(
                        "cinder",
                        BLOCK,
                        "is a cinder block device",
                        s -> s.withNewCinder().withVolumeID("c-1").endCinder()),
                inTree(
                        "rbd",
                        BLOCK,
                        "is a rbd block device",
                        s -> s.withNewRbd()
                                .withImage("img")
                                .withMonitors("10.0.0.1:6789")
                                .endRbd()),
                inTree(
                        "iscsi",
                        BLOCK,
                        "is a iscsi block device",
                        s -> s.withNewIscsi()
                                .withTargetPortal("10.0.0.7:3260")
                                .withIqn("iqn.2001-04.com.example:db")
                                .withLun(0)
                                .endIscsi()),
                inTree(
                        "fc",
                        BLOCK,
                        "is a fc block device",
                        s -> s.withNewFc()
                                .withLun(0)
                                .withTargetWWNs("500a0982991b8dc5")
                                .endFc()),
                inTree(
                        "vsphereVolume",
                        BLOCK,
                        "is a vsphereVolume block device",
                        s -> s.withNewVsphereVolume()
                                .withVolumePath("[ds1] volumes/db.vmdk")
                                .endVsphereVolume()),
                inTree(
                        "scaleIO",
                        BLOCK,
                        "is a scaleIO block device",
                        s -> s.withNewScaleIO()
                                .withGateway("https://gw")
                                .withSystem("sio")
                                .endScaleIO()),
                inTree(
                        "photonPersistentDisk",
                        BLOCK,
                        "is a photonPersistentDisk block device",
                        s -> s.withNewPhotonPersistentDisk().withPdID("pd-1").endPhotonPersistentDisk()),
                // Was block: a portworxVolume may be a shared(v4) NFS volume, which only its StorageClass says.
                Arguments.of(
                        "a bound PV with an in-tree portworxVolume source and no class is unknown",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewPortworxVolume()
                                                .withVolumeID("px-1")
                                                .endPortworxVolume()),
                                staticClaim("data", "pv-1")),
                        expect(
                                UNKNOWN,
                                "driver kubernetes.io/portworx-volume (Portworx) serves both files and blocks, "
                                        + "and nothing on the claim, PersistentVolume or StorageClass says which",
                                "data",
                                null,
                                "kubernetes.io/portworx-volume")),
                inTree(
                        "storageos",
                        BLOCK,
                        "is a storageos block device",
                        s -> s.withNewStorageos().withVolumeName("db").endStorageos()),
                inTree(
                        "flocker",
                        BLOCK,
                        "is a flocker block device",
                        s -> s.withNewFlocker().withDatasetName("db").endFlocker()),
                inTree(
                        "local",
                        LOCAL,
                        "is a local volume on one node",
                        s -> s.withNewLocal().withPath("/mnt/disks/ssd1").endLocal()),
                inTree(
                        "hostPath",
                        LOCAL,
                        "is a hostPath volume on one node",
                        s -> s.withNewHostPath().withPath("/srv/data").endHostPath()),
                Arguments.of(
                        "the bound PV's NFS source beats its class's EBS provisioner",
                        given(
                                sc("gp3", "ebs.csi.aws.com"),
                                nfsPv("pv-1"),
                                claim("data", "gp3", "ReadWriteOnce")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(
                                NETWORK,
                                "PersistentVolume pv-1 is an NFS export (10.0.0.5:/exports/data)",
                                "data",
                                "gp3",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "a PV pre-bound through claimRef without volumeName decides",
                        given(
                                claimedPv("pv-1", NS, "data", s -> s.withNewNfs("/exports/data", false, "10.0.0.5")),
                                claim("data", "", "ReadWriteOnce").build()),
                        expect(
                                NETWORK,
                                "PersistentVolume pv-1 is an NFS export (10.0.0.5:/exports/data)",
                                "data",
                                null,
                                null)),
                Arguments.of(
                        "a PV whose claimRef names a claim of the same name in another namespace is not bound",
                        given(
                                claimedPv(
                                        "pv-1", "other", "data", s -> s.withNewNfs("/exports/data", false, "10.0.0.5")),
                                claim("data", "", "ReadWriteOnce").build()),
                        expect(UNKNOWN, NO_CLASS, "data", null, null)),
                Arguments.of(
                        "a volumeName naming no PV falls back to the PV whose claimRef names the claim",
                        given(
                                claimedPv(
                                        "pv-1",
                                        NS,
                                        "data",
                                        s -> s.withNewCephfs()
                                                .withMonitors("m:6789")
                                                .endCephfs()),
                                claim("data", "", "ReadWriteOnce")
                                        .editSpec()
                                        .withVolumeName("pv-gone")
                                        .endSpec()
                                        .build()),
                        expect(NETWORK, "PersistentVolume pv-1 is a CephFS mount", "data", null, null)),
                Arguments.of(
                        "a CSI PV with fsType nfs is network whatever its driver",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewCsi()
                                                .withDriver("csi.example.com")
                                                .withVolumeHandle("h")
                                                .withFsType("nfs")
                                                .endCsi()),
                                staticClaim("data", "pv-1")),
                        expect(NETWORK, "its fsType is nfs", "data", null, "csi.example.com")),
                Arguments.of(
                        "a CSI PV with volumeAttributes server and share is network whatever its driver",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewCsi()
                                                .withDriver("csi.example.com")
                                                .withVolumeHandle("h")
                                                .addToVolumeAttributes("server", "10.0.0.9")
                                                .addToVolumeAttributes("share", "/srv")
                                                .endCsi()),
                                staticClaim("data", "pv-1")),
                        expect(NETWORK, "it mounts a share from server 10.0.0.9", "data", null, "csi.example.com")),
                Arguments.of(
                        "a CSI PV of a known driver is classified by the catalog",
                        given(csiPv("pv-1", "ebs.csi.aws.com"), staticClaim("data", "pv-1")),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                "data",
                                null,
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "a CSI PV of an unknown driver falls back to its class's parameters",
                        given(
                                sc("nas", "csi.example.com", "protocol", "nfs"),
                                csiPv("pv-1", "csi.example.com"),
                                claim("data", "nas", "ReadWriteOnce")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(NETWORK, "its protocol parameter is nfs", "data", "nas", "csi.example.com")),
                Arguments.of(
                        "a vSphere PV whose volumeHandle starts with file: is network even for ReadWriteOnce",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewCsi()
                                                .withDriver("csi.vsphere.vmware.com")
                                                .withVolumeHandle("file:5e1b2c3d-aaaa-bbbb")
                                                .endCsi()),
                                staticClaim("data", "pv-1")),
                        expect(
                                NETWORK,
                                "its vSphere volume handle is a vSAN file share (NFS)",
                                "data",
                                null,
                                "csi.vsphere.vmware.com")),
                Arguments.of(
                        "a vSphere PV with a VMDK handle on a ReadWriteOnce claim is block",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewCsi()
                                                .withDriver("csi.vsphere.vmware.com")
                                                .withVolumeHandle("5e1b2c3d-aaaa-bbbb")
                                                .endCsi()),
                                staticClaim("data", "pv-1")),
                        expect(
                                BLOCK,
                                "vSphere ReadWriteOnce volumes are VMDK block devices",
                                "data",
                                null,
                                "csi.vsphere.vmware.com")),
                Arguments.of(
                        "a Trident PV with volumeAttributes protocol file is network",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewCsi()
                                                .withDriver("csi.trident.netapp.io")
                                                .withVolumeHandle("h")
                                                .addToVolumeAttributes("backendUUID", "b-1")
                                                .addToVolumeAttributes("protocol", "file")
                                                .endCsi()),
                                staticClaim("data", "pv-1")),
                        expect(
                                NETWORK,
                                "its Trident volume protocol is file (NFS/SMB)",
                                "data",
                                null,
                                "csi.trident.netapp.io")),
                Arguments.of(
                        "a Trident PV with volumeAttributes protocol block is block",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewCsi()
                                                .withDriver("csi.trident.netapp.io")
                                                .withVolumeHandle("h")
                                                .addToVolumeAttributes("protocol", "block")
                                                .endCsi()),
                                staticClaim("data", "pv-1")),
                        expect(BLOCK, "its Trident volume protocol is block", "data", null, "csi.trident.netapp.io")),
                Arguments.of(
                        "a PV with no known source but an NFS mount option is network",
                        given(pv("pv-1", s -> s.withMountOptions("hard", "nfsvers=4.1")), staticClaim("data", "pv-1")),
                        expect(NETWORK, "its mount option hard is an NFS/SMB option", "data", null, null)),
                Arguments.of(
                        "a PV migrated to CSI is classified by its pv.kubernetes.io/migrated-to driver",
                        given(
                                new PersistentVolumeBuilder()
                                        .withNewMetadata()
                                        .withName("pv-1")
                                        .addToAnnotations("pv.kubernetes.io/migrated-to", "file.csi.azure.com")
                                        .endMetadata()
                                        .withNewSpec()
                                        .endSpec()
                                        .build(),
                                staticClaim("data", "pv-1")),
                        expect(
                                NETWORK,
                                "driver file.csi.azure.com serves Azure Files (SMB or NFS)",
                                "data",
                                null,
                                "file.csi.azure.com")),
                Arguments.of(
                        "a PV's pv.kubernetes.io/provisioned-by annotation names the driver",
                        given(
                                new PersistentVolumeBuilder()
                                        .withNewMetadata()
                                        .withName("pv-1")
                                        .addToAnnotations("pv.kubernetes.io/provisioned-by", "csi.example.com")
                                        .endMetadata()
                                        .withNewSpec()
                                        .withNewNfs("/exports/data", false, "10.0.0.5")
                                        .endSpec()
                                        .build(),
                                staticClaim("data", "pv-1")),
                        expect(
                                NETWORK,
                                "PersistentVolume pv-1 is an NFS export (10.0.0.5:/exports/data)",
                                "data",
                                null,
                                "csi.example.com")),
                Arguments.of(
                        "a flexVolume PV is classified by its driver, which the verdict names",
                        given(
                                pv(
                                        "pv-1",
                                        s -> s.withNewFlexVolume()
                                                .withDriver("fstab/cifs")
                                                .endFlexVolume()),
                                staticClaim("data", "pv-1")),
                        expect(
                                NETWORK,
                                "driver fstab/cifs is named after a network filesystem (cifs)",
                                "data",
                                null,
                                "fstab/cifs")),
                Arguments.of(
                        "configured patterns match a flexVolume PV's driver",
                        given(
                                        pv(
                                                "pv-1",
                                                s -> s.withNewFlexVolume()
                                                        .withDriver("fstab/cifs")
                                                        .endFlexVolume()),
                                        staticClaim("data", "pv-1"))
                                .patterns("", "fstab/*", ""),
                        expect(
                                BLOCK,
                                "driver fstab/cifs matches walguard.storage.block pattern \"fstab/*\"",
                                "data",
                                null,
                                "fstab/cifs")),
                Arguments.of(
                        "a PV with a volume source walguard does not know and no class is unknown",
                        given(pv("pv-1", s -> s), staticClaim("data", "pv-1")),
                        expect(
                                UNKNOWN,
                                "PersistentVolume pv-1 has a volume source walguard does not know",
                                "data",
                                null,
                                null)),
                Arguments.of(
                        "a CSI PV of an unknown driver with no class is unknown",
                        given(csiPv("pv-1", "csi.example.com"), staticClaim("data", "pv-1")),
                        expect(
                                UNKNOWN,
                                "driver csi.example.com is not one walguard knows",
                                "data",
                                null,
                                "csi.example.com")),
                Arguments.of(
                        "a Trident PV that says neither file nor block is unknown, naming the product",
                        given(csiPv("pv-1", "csi.trident.netapp.io"), staticClaim("data", "pv-1")),
                        expect(
                                UNKNOWN,
                                "driver csi.trident.netapp.io (NetApp Trident) serves both files and blocks, "
                                        + "and nothing on the claim, PersistentVolume or StorageClass says which",
                                "data",
                                null,
                                "csi.trident.netapp.io")),
                Arguments.of(
                        "a CSI PV of an unknown driver on a ReadWriteMany claim is network by the heuristic",
                        given(
                                csiPv("pv-1", "csi.example.com"),
                                claim("data", "", "ReadWriteMany")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(NETWORK, HEURISTIC, "data", null, "csi.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void boundPersistentVolume(String name, Given given, Expected expected) {
        check(given, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Step 4: the StorageClass (provisioner, parameters, mountOptions), and the catalog behind it.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> storageClass() {
        return Stream.of(
                onClass(
                        "a claim on an EFS class is network",
                        "efs.csi.aws.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver efs.csi.aws.com serves Amazon EFS (NFS)"),
                onClass(
                        "a claim on an EBS class is block",
                        "ebs.csi.aws.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "driver ebs.csi.aws.com is Amazon EBS, a block device"),
                onClass(
                        "a claim on a local-path class is local",
                        "rancher.io/local-path",
                        "ReadWriteOnce",
                        LOCAL,
                        "driver rancher.io/local-path is Local Path Provisioner, node-local storage"),
                // Was local: no-provisioner classes bind static NFS PVs as well as local ones.
                onClass(
                        "an unbound claim on a kubernetes.io/no-provisioner class is unknown",
                        "kubernetes.io/no-provisioner",
                        "ReadWriteOnce",
                        UNKNOWN,
                        "StorageClass provisioner "
                                + "kubernetes.io/no-provisioner only binds pre-created PersistentVolumes (local disks or "
                                + "NFS and SAN shares alike), and none decides yet"),
                onClass(
                        "a claim on an Azure Files class is network",
                        "file.csi.azure.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver file.csi.azure.com serves Azure Files (SMB or NFS)"),
                onClass(
                        "a claim on an in-tree azure-file class is network",
                        "kubernetes.io/azure-file",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver kubernetes.io/azure-file serves Azure Files (SMB or NFS)"),
                onClass(
                        "a claim on a Filestore class under its old name is network",
                        "com.google.csi.filestore",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver com.google.csi.filestore serves Google Filestore (NFS)"),
                onClass(
                        "a claim on a Rook CephFS class is network",
                        "rook-ceph.cephfs.csi.ceph.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver rook-ceph.cephfs.csi.ceph.com serves CephFS"),
                onClass(
                        "a claim on an ODF CephFS class openshift-storage.cephfs.csi.ceph.com is network",
                        "openshift-storage.cephfs.csi.ceph.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver openshift-storage.cephfs.csi.ceph.com serves CephFS"),
                onClass(
                        "a claim on an ODF RBD class is block",
                        "openshift-storage.rbd.csi.ceph.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "driver openshift-storage.rbd.csi.ceph.com is Ceph RBD, a block device"),
                onClass(
                        "a claim on a Rook Ceph NFS class is network",
                        "rook-ceph.nfs.csi.ceph.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver rook-ceph.nfs.csi.ceph.com serves NFS (Ceph NFS)"),
                onClass(
                        "driver names are matched case-insensitively",
                        "EFS.CSI.AWS.COM",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver EFS.CSI.AWS.COM serves Amazon EFS (NFS)"),
                onClass(
                        "a claim on the raw-manifest nfs-subdir-external-provisioner is network",
                        "k8s-sigs.io/nfs-subdir-external-provisioner",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver k8s-sigs.io/nfs-subdir-external-provisioner serves NFS (nfs-subdir-external-provisioner)"),
                onClass(
                        "a claim on cluster.local/nfs-subdir-external-provisioner (Helm default) is network",
                        "cluster.local/nfs-subdir-external-provisioner",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver cluster.local/nfs-subdir-external-provisioner serves NFS "
                                + "(nfs-subdir-external-provisioner)"),
                onClass(
                        "a Longhorn ReadWriteOnce claim is block",
                        "driver.longhorn.io",
                        "ReadWriteOnce",
                        BLOCK,
                        "Longhorn ReadWriteOnce volumes are block devices"),
                onClass(
                        "a Longhorn ReadWriteMany claim is network",
                        "driver.longhorn.io",
                        "ReadWriteMany",
                        NETWORK,
                        "Longhorn serves ReadWriteMany filesystem volumes through an NFSv4 share-manager"),
                onClass(
                        "a vSphere ReadWriteOnce claim is block",
                        "csi.vsphere.vmware.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "vSphere ReadWriteOnce volumes are VMDK block devices"),
                onClass(
                        "a vSphere ReadWriteMany claim is network",
                        "csi.vsphere.vmware.com",
                        "ReadWriteMany",
                        NETWORK,
                        "vSphere serves ReadWriteMany/ReadOnlyMany filesystem volumes from vSAN File Service "
                                + "(NFS)"),
                onClass(
                        "a vSphere ReadOnlyMany claim is network",
                        "csi.vsphere.vmware.com",
                        "ReadOnlyMany",
                        NETWORK,
                        "vSphere serves ReadWriteMany/ReadOnlyMany filesystem volumes from vSAN File Service (NFS)"),
                onClass(
                        "a Trident class with backendType ontap-nas is network",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        NETWORK,
                        "its NetApp backend is ONTAP NAS (NFS)",
                        "backendType",
                        "ontap-nas"),
                onClass(
                        "a Trident class with backendType ontap-nas-economy is network",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        NETWORK,
                        "its NetApp backend is ONTAP NAS (NFS)",
                        "backendType",
                        "ontap-nas-economy"),
                onClass(
                        "a Trident class with backendType ontap-nas-flexgroup is network",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        NETWORK,
                        "its NetApp backend is ONTAP NAS (NFS)",
                        "backendType",
                        "ontap-nas-flexgroup"),
                onClass(
                        "a Trident class with storageDriverName ontap-nas is network",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        NETWORK,
                        "its NetApp backend is ONTAP NAS (NFS)",
                        "storageDriverName",
                        "ontap-nas"),
                onClass(
                        "a Trident class with backendType ontap-san is block",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        BLOCK,
                        "its NetApp backend ontap-san serves iSCSI/NVMe blocks",
                        "backendType",
                        "ontap-san"),
                onClass(
                        "a Trident class with backendType ontap-san-economy is block",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        BLOCK,
                        "its NetApp backend ontap-san-economy serves iSCSI/NVMe blocks",
                        "backendType",
                        "ontap-san-economy"),
                onClass(
                        "a Trident class with backendType azure-netapp-files is network",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        NETWORK,
                        "its NetApp backend azure-netapp-files serves NFS/SMB",
                        "backendType",
                        "azure-netapp-files"),
                onClass(
                        "a Trident class with backendType gcp-cvs is network",
                        "csi.trident.netapp.io",
                        "ReadWriteOnce",
                        NETWORK,
                        "its NetApp backend gcp-cvs serves NFS/SMB",
                        "backendType",
                        "gcp-cvs"),
                onClass(
                        "a Trident class without backendType on a ReadWriteMany claim is network by the heuristic",
                        "csi.trident.netapp.io",
                        "ReadWriteMany",
                        NETWORK,
                        HEURISTIC),
                onClass(
                        "a Portworx class with sharedv4 true is network",
                        "pxd.portworx.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "its parameter sharedv4 is \"true\" (an NFS export)",
                        "sharedv4",
                        "true"),
                onClass(
                        "a Portworx class with backend pure_file is network",
                        "pxd.portworx.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "its Portworx backend pure_file serves NFS",
                        "backend",
                        "pure_file"),
                onClass(
                        "a Portworx class with backend pure_fa_file is network",
                        "pxd.portworx.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "its Portworx backend pure_fa_file serves NFS",
                        "backend",
                        "pure_fa_file"),
                onClass(
                        "a Portworx class with backend pure_block is block",
                        "pxd.portworx.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "Portworx volumes without sharedv4 are block devices",
                        "backend",
                        "pure_block"),
                onClass(
                        "a Portworx class without sharedv4 is block",
                        "pxd.portworx.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "Portworx volumes without sharedv4 are block devices",
                        "repl",
                        "3"),
                onClass(
                        "an in-tree Portworx class with sharedv4 true is network",
                        "kubernetes.io/portworx-volume",
                        "ReadWriteMany",
                        NETWORK,
                        "its parameter sharedv4 is \"true\" (an NFS export)",
                        "sharedv4",
                        "true"),
                onClass(
                        "a pure-csi class with backend file is network",
                        "pure-csi",
                        "ReadWriteOnce",
                        NETWORK,
                        "its Pure backend is file (FlashBlade NFS)",
                        "backend",
                        "file"),
                onClass(
                        "a pure-csi class with backend block is block",
                        "pure-csi",
                        "ReadWriteOnce",
                        BLOCK,
                        "its Pure backend is block (FlashArray)",
                        "backend",
                        "block"),
                onClass(
                        "a Dell PowerStore class with csi.storage.k8s.io/fstype nfs is network",
                        "csi-powerstore.dellemc.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "its parameter csi.storage.k8s.io/fstype is nfs",
                        "csi.storage.k8s.io/fstype",
                        "nfs"),
                onClass(
                        "a Dell PowerMax class with fstype ext4 is block",
                        "csi-powermax.dellemc.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "driver csi-powermax.dellemc.com serves Dell block storage " + "(no NFS parameter is set)",
                        "csi.storage.k8s.io/fstype",
                        "ext4"),
                onClass(
                        "a renamed Dell Unity driver is matched by its suffix",
                        "prod-unity.dellemc.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "driver prod-unity.dellemc.com serves Dell block storage " + "(no NFS parameter is set)"),
                onClass(
                        "a Dell PowerScale class is network",
                        "csi-isilon.dellemc.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver csi-isilon.dellemc.com serves Dell PowerScale (NFS)"),
                onClass(
                        "an HPE class with nfsResources true is network",
                        "csi.hpe.com",
                        "ReadWriteMany",
                        NETWORK,
                        "its parameter nfsResources is \"true\" (an NFS export)",
                        "nfsResources",
                        "true"),
                onClass(
                        "an HPE file-service class with accessProtocol nfs is network",
                        "csi.hpe.com",
                        "ReadWriteMany",
                        NETWORK,
                        "its HPE accessProtocol is nfs",
                        "accessProtocol",
                        "nfs",
                        "shareNfsVersion",
                        "4"),
                onClass(
                        "an HPE class with accessProtocol iscsi is block",
                        "csi.hpe.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "driver csi.hpe.com serves HPE block storage (no NFS parameter is set)",
                        "accessProtocol",
                        "iscsi"),
                onClass(
                        "an HPE class without NFS parameters is block",
                        "csi.hpe.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "driver csi.hpe.com serves HPE block storage (no NFS parameter is set)"),
                onClass(
                        "an InfiniBox class with storage_protocol nfs is network",
                        "infinibox-csi-driver",
                        "ReadWriteOnce",
                        NETWORK,
                        "its InfiniBox storage_protocol is nfs",
                        "storage_protocol",
                        "nfs"),
                onClass(
                        "an InfiniBox class with storage_protocol iscsi is block",
                        "infinibox-csi-driver",
                        "ReadWriteOnce",
                        BLOCK,
                        "its InfiniBox storage_protocol is iscsi",
                        "storage_protocol",
                        "iscsi"),
                onClass(
                        "a Synology class with protocol smb is network",
                        "csi.san.synology.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "its protocol parameter is smb",
                        "protocol",
                        "smb"),
                onClass(
                        "a Synology class without protocol is block",
                        "csi.san.synology.com",
                        "ReadWriteOnce",
                        BLOCK,
                        "driver csi.san.synology.com serves Synology iSCSI (no NFS parameter is set)"),
                onClass(
                        "a protocol: SMB parameter is network whatever the driver",
                        "csi.example.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "its protocol parameter is smb",
                        "protocol",
                        "SMB"),
                onClass(
                        "a legacy fsType: nfs parameter is network whatever the driver",
                        "csi.example.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "its parameter fsType is nfs",
                        "fsType",
                        "nfs"),
                onClass(
                        "server and share parameters are network whatever the driver",
                        "csi.example.com",
                        "ReadWriteOnce",
                        NETWORK,
                        "it mounts a share from server nas.example.com",
                        "server",
                        "nas.example.com",
                        "share",
                        "/export"),
                Arguments.of(
                        "mountOptions nfsvers=4.1 on an otherwise block driver is network",
                        given(
                                new StorageClassBuilder(sc("gp3", "ebs.csi.aws.com"))
                                        .withMountOptions("nfsvers=4.1")
                                        .build(),
                                claim("data", "gp3", "ReadWriteOnce").build()),
                        expect(
                                NETWORK,
                                "its mount option nfsvers=4.1 is an NFS/SMB option",
                                "data",
                                "gp3",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "an SMB dir_mode mount option on an unknown driver is network",
                        given(
                                new StorageClassBuilder(sc("x", "csi.example.com"))
                                        .withMountOptions("dir_mode=0777")
                                        .build(),
                                claim("data", "x", "ReadWriteOnce").build()),
                        expect(
                                NETWORK,
                                "its mount option dir_mode=0777 is an NFS/SMB option",
                                "data",
                                "x",
                                "csi.example.com")),
                Arguments.of(
                        "block-filesystem mount options do not make a class network",
                        given(
                                new StorageClassBuilder(sc("gp3", "ebs.csi.aws.com"))
                                        .withMountOptions("noatime", "discard")
                                        .build(),
                                claim("data", "gp3", "ReadWriteOnce").build()),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                "data",
                                "gp3",
                                "ebs.csi.aws.com")),
                onClass(
                        "a Helm release of nfs-subdir-external-provisioner named nfs-client is network by its name",
                        "cluster.local/nfs-client",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver cluster.local/nfs-client is named after a network filesystem (nfs)"),
                onClass(
                        "example.com/my-nfs is network by its name",
                        "example.com/my-nfs",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver example.com/my-nfs is named after a network filesystem (nfs)"),
                onClass(
                        "a driver named after CephFS is network by its name",
                        "example.com/cephfs_provisioner",
                        "ReadWriteOnce",
                        NETWORK,
                        "driver example.com/cephfs_provisioner is named after a network filesystem (cephfs)"),
                onClass(
                        "nfs inside a longer word does not count as a name signal",
                        "example.com/nfsdisk",
                        "ReadWriteOnce",
                        UNKNOWN,
                        "driver example.com/nfsdisk is not one walguard knows"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void storageClass(String name, Given given, Expected expected) {
        check(given, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Step 4 continued: which class applies (the default class, "" and missing classes).
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> whichClass() {
        return Stream.of(
                Arguments.of(
                        "a claim with unset storageClassName uses the default class",
                        given(
                                defaultClass(sc("gp3", "ebs.csi.aws.com"), DEFAULT, null),
                                sc("efs-sc", "efs.csi.aws.com"),
                                claim("data", null, "ReadWriteOnce").build()),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                "data",
                                "gp3",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "among several default classes the newest wins",
                        given(
                                defaultClass(sc("old", "efs.csi.aws.com"), DEFAULT, "2023-01-01T00:00:00Z"),
                                defaultClass(sc("new", "ebs.csi.aws.com"), DEFAULT, "2024-06-01T00:00:00Z"),
                                claim("data", null, "ReadWriteOnce").build()),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                "data",
                                "new",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "default classes created at the same time go to the alphabetically first name",
                        given(
                                defaultClass(sc("b-class", "efs.csi.aws.com"), DEFAULT, "2024-06-01T00:00:00Z"),
                                defaultClass(sc("a-class", "ebs.csi.aws.com"), DEFAULT, "2024-06-01T00:00:00Z"),
                                claim("data", null, "ReadWriteOnce").build()),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                "data",
                                "a-class",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "a default class without a creationTimestamp loses to a dated one",
                        given(
                                defaultClass(sc("a-undated", "efs.csi.aws.com"), DEFAULT, null),
                                defaultClass(sc("z-dated", "ebs.csi.aws.com"), DEFAULT, "2020-01-01T00:00:00Z"),
                                claim("data", null, "ReadWriteOnce").build()),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                "data",
                                "z-dated",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "the beta is-default-class annotation marks a default class",
                        given(
                                defaultClass(sc("shared", "efs.csi.aws.com"), BETA_DEFAULT, null),
                                claim("data", null, "ReadWriteOnce").build()),
                        expect(
                                NETWORK,
                                "driver efs.csi.aws.com serves Amazon EFS (NFS)",
                                "data",
                                "shared",
                                "efs.csi.aws.com")),
                Arguments.of(
                        "a claim with unset class bound to a PV takes the PV's class",
                        given(
                                defaultClass(sc("gp3", "ebs.csi.aws.com"), DEFAULT, null),
                                sc("nas", "csi.example.com", "protocol", "nfs"),
                                pv(
                                        "pv-1",
                                        s -> s.withStorageClassName("nas")
                                                .withNewCsi()
                                                .withDriver("csi.example.com")
                                                .withVolumeHandle("h")
                                                .endCsi()),
                                claim("data", null, "ReadWriteOnce")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(NETWORK, "its protocol parameter is nfs", "data", "nas", "csi.example.com")),
                Arguments.of(
                        "a claim with unset class bound to a PV whose class is gone does not borrow the default",
                        given(
                                defaultClass(sc("longhorn", "driver.longhorn.io"), DEFAULT, null),
                                pv(
                                        "pv-1",
                                        s -> s.withStorageClassName("legacy")
                                                .withNewCsi()
                                                .withDriver("csi.example.com")
                                                .withVolumeHandle("h")
                                                .endCsi()),
                                claim("data", null, "ReadWriteOnce")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(
                                UNKNOWN,
                                "driver csi.example.com is not one walguard knows",
                                "data",
                                "legacy",
                                "csi.example.com")),
                Arguments.of(
                        "a claim with unset class bound to a PV without a class does not borrow the default",
                        given(
                                defaultClass(sc("gp3", "ebs.csi.aws.com"), DEFAULT, null),
                                csiPv("pv-1", "csi.example.com"),
                                claim("data", null, "ReadWriteOnce")
                                        .editSpec()
                                        .withVolumeName("pv-1")
                                        .endSpec()
                                        .build()),
                        expect(
                                UNKNOWN,
                                "driver csi.example.com is not one walguard knows",
                                "data",
                                null,
                                "csi.example.com")),
                Arguments.of(
                        "a claim with unset class pre-bound by claimRef to a classless NFS PV is network",
                        given(
                                defaultClass(sc("gp3", "ebs.csi.aws.com"), DEFAULT, null),
                                claimedPv("pv-1", NS, "data", s -> s.withNewNfs("/exports/data", false, "10.0.0.5")),
                                claim("data", null, "ReadWriteOnce").build()),
                        expect(
                                NETWORK,
                                "PersistentVolume pv-1 is an NFS export (10.0.0.5:/exports/data)",
                                "data",
                                null,
                                null)),
                Arguments.of(
                        "a class annotated is-default-class \"false\" is not a default",
                        given(
                                new StorageClassBuilder(sc("gp3", "ebs.csi.aws.com"))
                                        .editMetadata()
                                        .addToAnnotations(DEFAULT, "false")
                                        .endMetadata()
                                        .build(),
                                claim("data", null, "ReadWriteOnce").build()),
                        expect(UNKNOWN, NO_DEFAULT, "data", null, null)),
                Arguments.of(
                        "a claim with unset class and no default class is unknown",
                        given(
                                sc("gp3", "ebs.csi.aws.com"),
                                claim("data", null, "ReadWriteMany").build()),
                        expect(UNKNOWN, NO_DEFAULT, "data", null, null)),
                Arguments.of(
                        "storageClassName \"\" with no bound PV is unknown",
                        given(claim("data", "", "ReadWriteOnce").build()),
                        expect(UNKNOWN, NO_CLASS, "data", null, null)),
                Arguments.of(
                        "storageClassName \"\" never falls back to the default class",
                        given(
                                defaultClass(sc("gp3", "ebs.csi.aws.com"), DEFAULT, null),
                                claim("data", "", "ReadWriteMany").build()),
                        expect(UNKNOWN, NO_CLASS, "data", null, null)),
                Arguments.of(
                        "a claim on a class that does not exist is unknown",
                        given(
                                sc("gp3", "ebs.csi.aws.com"),
                                claim("data", "gone", "ReadWriteOnce").build()),
                        expect(UNKNOWN, "StorageClass gone does not exist", "data", "gone", null)),
                Arguments.of(
                        "a ReadWriteMany claim on a class that does not exist is still unknown",
                        given(claim("data", "gone", "ReadWriteMany").build()),
                        expect(UNKNOWN, "StorageClass gone does not exist", "data", "gone", null)),
                Arguments.of(
                        "a claim that does not exist is unknown",
                        given(claim("other", "gp3", "ReadWriteOnce").build()).classifyingClaim("missing"),
                        expect(UNKNOWN, "claim missing does not exist in namespace shop", "missing", null, null)),
                Arguments.of(
                        "a claim of the same name in another namespace is not found",
                        given(new PersistentVolumeClaimBuilder(
                                        claim("data", "gp3", "ReadWriteOnce").build())
                                .editMetadata()
                                .withNamespace("other")
                                .endMetadata()
                                .build()),
                        expect(UNKNOWN, "claim data does not exist in namespace shop", "data", null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void whichClass(String name, Given given, Expected expected) {
        check(given, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Steps 5 and 6: the ReadWriteMany heuristic, otherwise unknown.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> heuristicAndUnknown() {
        return Stream.of(
                onClass(
                        "a ReadWriteMany claim on an unknown driver is network by the heuristic",
                        "csi.example.com",
                        "ReadWriteMany",
                        NETWORK,
                        HEURISTIC),
                Arguments.of(
                        "a ReadWriteMany claim with volumeMode Filesystem on an unknown driver is network",
                        given(
                                sc("x", "csi.example.com"),
                                claim("data", "x", "ReadWriteOnce", "ReadWriteMany")
                                        .editSpec()
                                        .withVolumeMode("Filesystem")
                                        .endSpec()
                                        .build()),
                        expect(NETWORK, HEURISTIC, "data", "x", "csi.example.com")),
                Arguments.of(
                        "a ReadWriteMany Block-mode claim on an unknown driver is unknown",
                        given(
                                sc("x", "csi.example.com"),
                                claim("data", "x", "ReadWriteMany")
                                        .editSpec()
                                        .withVolumeMode("Block")
                                        .endSpec()
                                        .build()),
                        expect(
                                UNKNOWN,
                                "driver csi.example.com is not one walguard knows",
                                "data",
                                "x",
                                "csi.example.com")),
                onClass(
                        "an unknown driver on a ReadWriteOnce claim is unknown",
                        "csi.example.com",
                        "ReadWriteOnce",
                        UNKNOWN,
                        "driver csi.example.com is not one walguard knows"),
                onClass(
                        "an unknown driver on a ReadOnlyMany claim is unknown",
                        "csi.example.com",
                        "ReadOnlyMany",
                        UNKNOWN,
                        "driver csi.example.com is not one walguard knows"),
                // Was block: a ReadWriteMany filesystem is never a plain block device; unknown, not the heuristic.
                onClass(
                        "the heuristic never overrides a catalog answer, but a block driver's ReadWriteMany "
                                + "filesystem claim is unknown",
                        "rbd.csi.ceph.com",
                        "ReadWriteMany",
                        UNKNOWN,
                        "driver rbd.csi.ceph.com is Ceph RBD, a block device, yet the claim asks ReadWriteMany on a "
                                + "filesystem, which only a shared filesystem serves"),
                Arguments.of(
                        "a ReadWriteMany claim whose class is gone but names its provisioner is network",
                        given(claim("data", "gone", "ReadWriteMany")
                                .editMetadata()
                                .addToAnnotations("volume.kubernetes.io/storage-provisioner", "csi.example.com")
                                .endMetadata()
                                .build()),
                        expect(NETWORK, HEURISTIC, "data", "gone", "csi.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void heuristicAndUnknown(String name, Given given, Expected expected) {
        check(given, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Claim sources: generic ephemeral volumes and StatefulSet volumeClaimTemplates.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> claimTemplates() {
        return Stream.of(
                Arguments.of(
                        "a generic ephemeral volume on an EFS class is network",
                        given(sc("efs-sc", "efs.csi.aws.com")).classifying(ephemeral("efs-sc", "ReadWriteOnce")),
                        expect(
                                NETWORK,
                                "driver efs.csi.aws.com serves Amazon EFS (NFS)",
                                null,
                                "efs-sc",
                                "efs.csi.aws.com")),
                Arguments.of(
                        "a generic ephemeral volume with no class uses the default class",
                        given(defaultClass(sc("gp3", "ebs.csi.aws.com"), DEFAULT, null))
                                .classifying(ephemeral(null, "ReadWriteOnce")),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                null,
                                "gp3",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "a generic ephemeral volume on a missing class is unknown",
                        given().classifying(ephemeral("gone", "ReadWriteOnce")),
                        expect(UNKNOWN, "StorageClass gone does not exist", null, "gone", null)),
                Arguments.of(
                        "a generic ephemeral ReadWriteMany volume on an unknown driver is network by the heuristic",
                        given(sc("x", "csi.example.com")).classifying(ephemeral("x", "ReadWriteMany")),
                        expect(NETWORK, HEURISTIC, null, "x", "csi.example.com")),
                Arguments.of(
                        "a generic ephemeral volume is not matched to a PV of a claim that does not exist yet",
                        given(claimedPv("pv-1", NS, "db", s -> s.withNewNfs("/exports/db", false, "10.0.0.5")))
                                .classifying(ephemeral("", "ReadWriteOnce")),
                        expect(UNKNOWN, NO_CLASS, null, null, null)),
                Arguments.of(
                        "a StatefulSet claim template on a Longhorn class with ReadWriteMany is network",
                        given(sc("longhorn", "driver.longhorn.io"))
                                .classifyingTemplate(claim("data", "longhorn", "ReadWriteMany")
                                        .build()),
                        expect(
                                NETWORK,
                                "Longhorn serves ReadWriteMany filesystem volumes through an NFSv4 " + "share-manager",
                                null,
                                "longhorn",
                                "driver.longhorn.io")),
                Arguments.of(
                        "a StatefulSet claim template on an EBS class is block",
                        given(sc("gp3", "ebs.csi.aws.com"))
                                .classifyingTemplate(
                                        claim("data", "gp3", "ReadWriteOnce").build()),
                        expect(
                                BLOCK,
                                "driver ebs.csi.aws.com is Amazon EBS, a block device",
                                null,
                                "gp3",
                                "ebs.csi.aws.com")),
                Arguments.of(
                        "a StatefulSet claim template with unset class uses the default class",
                        given(defaultClass(sc("shared", "efs.csi.aws.com"), DEFAULT, null))
                                .classifyingTemplate(
                                        claim("data", null, "ReadWriteOnce").build()),
                        expect(
                                NETWORK,
                                "driver efs.csi.aws.com serves Amazon EFS (NFS)",
                                null,
                                "shared",
                                "efs.csi.aws.com")),
                Arguments.of(
                        "a StatefulSet claim template with storageClassName \"\" is unknown",
                        given(defaultClass(sc("gp3", "ebs.csi.aws.com"), DEFAULT, null))
                                .classifyingTemplate(
                                        claim("data", "", "ReadWriteOnce").build()),
                        expect(UNKNOWN, NO_CLASS, null, null, null)),
                Arguments.of(
                        "a StatefulSet claim template's storage-provisioner annotation feeds the heuristic",
                        given().classifyingTemplate(claim("data", "gone", "ReadWriteMany")
                                .editMetadata()
                                .addToAnnotations("volume.kubernetes.io/storage-provisioner", "csi.example.com")
                                .endMetadata()
                                .build()),
                        expect(NETWORK, HEURISTIC, null, "gone", "csi.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void claimTemplates(String name, Given given, Expected expected) {
        check(given, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Inline Pod volumes.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> inlineVolumes() {
        return Stream.of(
                inline(
                        "an inline nfs volume is network",
                        volume().withNewNfs("/srv/db", false, "nas.example.com"),
                        NETWORK,
                        "inline volume db is an NFS export (nas.example.com:/srv/db)",
                        null),
                inline(
                        "an inline cephfs volume is network",
                        volume().withNewCephfs().withMonitors("10.0.0.1:6789").endCephfs(),
                        NETWORK,
                        "inline volume db is a CephFS mount",
                        null),
                inline(
                        "an inline glusterfs volume is network",
                        volume().withNewGlusterfs("gluster", "vol0", false),
                        NETWORK,
                        "inline volume db is a GlusterFS mount",
                        null),
                inline(
                        "an inline azureFile volume is network",
                        volume().withNewAzureFile(false, "azure", "share"),
                        NETWORK,
                        "inline volume db is an Azure Files (SMB) share",
                        null),
                inline(
                        "an inline quobyte volume is network",
                        volume().withNewQuobyte()
                                .withRegistry("registry:7861")
                                .withVolume("vol")
                                .endQuobyte(),
                        NETWORK,
                        "inline volume db is a Quobyte mount",
                        null),
                inline(
                        "an inline emptyDir is local",
                        volume().withNewEmptyDir().endEmptyDir(),
                        LOCAL,
                        "inline volume db is node-local (emptyDir)",
                        null),
                inline(
                        "an inline hostPath is local",
                        volume().withNewHostPath("/srv/db", "DirectoryOrCreate"),
                        LOCAL,
                        "inline volume db is node-local (hostPath)",
                        null),
                inline(
                        "an inline iscsi volume is block",
                        volume().withNewIscsi()
                                .withTargetPortal("10.0.0.7:3260")
                                .withIqn("iqn.2001-04.com.example:db")
                                .withLun(0)
                                .endIscsi(),
                        BLOCK,
                        "inline volume db is an inline block device",
                        null),
                inline(
                        "an inline csi volume of a network driver is network",
                        volume().withNewCsi().withDriver("file.csi.azure.com").endCsi(),
                        NETWORK,
                        "driver file.csi.azure.com serves Azure Files (SMB or NFS)",
                        "file.csi.azure.com"),
                inline(
                        "an inline csi volume of the Secrets Store driver is local",
                        volume().withNewCsi()
                                .withDriver("secrets-store.csi.k8s.io")
                                .endCsi(),
                        LOCAL,
                        "driver secrets-store.csi.k8s.io is Secrets Store CSI (tmpfs), node-local storage",
                        "secrets-store.csi.k8s.io"),
                inline(
                        "an inline csi volume with fsType nfs is network whatever its driver",
                        volume().withNewCsi()
                                .withDriver("csi.example.com")
                                .withFsType("nfs")
                                .endCsi(),
                        NETWORK,
                        "its fsType is nfs",
                        "csi.example.com"),
                inline(
                        "an inline csi volume with server and share attributes is network",
                        volume().withNewCsi()
                                .withDriver("csi.example.com")
                                .addToVolumeAttributes("server", "10.0.0.9")
                                .addToVolumeAttributes("share", "/srv")
                                .endCsi(),
                        NETWORK,
                        "it mounts a share from server 10.0.0.9",
                        "csi.example.com"),
                inline(
                        "an inline csi volume of an unknown driver is unknown",
                        volume().withNewCsi().withDriver("csi.example.com").endCsi(),
                        UNKNOWN,
                        "driver csi.example.com is not one walguard knows",
                        "csi.example.com"),
                inline(
                        "an inline volume of a kind walguard does not know is unknown",
                        volume().withNewConfigMap().withName("cfg").endConfigMap(),
                        UNKNOWN,
                        "inline volume db has a volume source walguard does not know",
                        null),
                Arguments.of(
                        "an inline csi volume follows configured patterns first",
                        given().patterns("", "", "csi.example.com")
                                .classifying(volume().withNewCsi()
                                        .withDriver("csi.example.com")
                                        .endCsi()
                                        .build()),
                        expect(
                                LOCAL,
                                "driver csi.example.com matches walguard.storage.local pattern "
                                        + "\"csi.example.com\"",
                                null,
                                null,
                                "csi.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void inlineVolumes(String name, Given given, Expected expected) {
        check(given, expected);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // classifyClassForNewClaim: how a new ReadWriteOnce claim on a class would be classified.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> newClaimOnClass() {
        return Stream.of(
                Arguments.of(
                        "a new claim on an EFS class would be network",
                        sc("efs", "efs.csi.aws.com"),
                        StoragePatterns.NONE,
                        NETWORK),
                Arguments.of(
                        "a new claim on a Longhorn class would be block (ReadWriteOnce)",
                        sc("longhorn", "driver.longhorn.io"),
                        StoragePatterns.NONE,
                        BLOCK),
                Arguments.of(
                        "a new claim on an annotated class follows the annotation",
                        annotated(sc("efs", "efs.csi.aws.com"), "local"),
                        StoragePatterns.NONE,
                        LOCAL),
                Arguments.of(
                        "a new claim on a class matched by a configured pattern follows the pattern",
                        sc("x", "csi.example.com"),
                        patterns("", "csi.*", ""),
                        BLOCK),
                Arguments.of(
                        "a new claim on an unknown driver would be unknown",
                        sc("x", "csi.example.com"),
                        StoragePatterns.NONE,
                        UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void newClaimOnClass(String name, StorageClass storageClass, StoragePatterns patterns, StorageType expected) {
        assertEquals(expected, new StorageClassifier(patterns).classifyClassForNewClaim(storageClass));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixtures.
    // ---------------------------------------------------------------------------------------------------------------

    private static void check(Given given, Expected expected) {
        StorageVerdict v = given.run();
        assertAll(
                () -> assertEquals(expected.type(), v.type(), "type"),
                () -> assertEquals(expected.reason(), v.reason(), "reason"),
                () -> assertEquals(expected.claim(), v.claim(), "claim"),
                () -> assertEquals(expected.storageClass(), v.storageClass(), "storageClass"),
                () -> assertEquals(expected.driver(), v.driver(), "driver"));
    }

    record Expected(StorageType type, String reason, String claim, String storageClass, String driver) {}

    private static Expected expect(StorageType type, String reason, String claim, String storageClass, String driver) {
        return new Expected(type, reason, claim, storageClass, driver);
    }

    /** The cluster, the configured patterns and the volume to classify (by default the Pod volume on claim "data"). */
    static final class Given {
        private final List<HasMetadata> objects;
        private StoragePatterns patterns = StoragePatterns.NONE;
        private BiFunction<StorageClassifier, ClusterView, StorageVerdict> subject = claimVolume("data");

        Given(List<HasMetadata> objects) {
            this.objects = objects;
        }

        Given patterns(String network, String block, String local) {
            this.patterns = StorageClassifierTest.patterns(network, block, local);
            return this;
        }

        Given classifyingClaim(String claimName) {
            this.subject = claimVolume(claimName);
            return this;
        }

        Given classifying(Volume volume) {
            this.subject = (c, view) -> c.classify(NS, volume, view);
            return this;
        }

        Given classifyingTemplate(PersistentVolumeClaim template) {
            this.subject = (c, view) -> c.classifyTemplate(NS, template, view);
            return this;
        }

        StorageVerdict run() {
            return subject.apply(new StorageClassifier(patterns), new SnapshotClusterView(objects));
        }

        private static BiFunction<StorageClassifier, ClusterView, StorageVerdict> claimVolume(String claimName) {
            Volume v = new VolumeBuilder()
                    .withName("db")
                    .withNewPersistentVolumeClaim()
                    .withClaimName(claimName)
                    .endPersistentVolumeClaim()
                    .build();
            return (c, view) -> c.classify(NS, v, view);
        }

        @Override
        public String toString() {
            return objects.size() + " objects";
        }
    }

    private static Given given(HasMetadata... objects) {
        return new Given(new ArrayList<>(List.of(objects)));
    }

    private static StoragePatterns patterns(String network, String block, String local) {
        return StoragePatterns.of(List.of(network), List.of(block), List.of(local));
    }

    /** A StorageClass with parameters given as key, value pairs. */
    private static StorageClass sc(String name, String provisioner, String... params) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        StorageClassBuilder b = new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner(provisioner);
        if (!p.isEmpty()) {
            b.withParameters(p);
        }
        return b.build();
    }

    private static StorageClass defaultClass(StorageClass sc, String annotation, String created) {
        return new StorageClassBuilder(sc)
                .editMetadata()
                .addToAnnotations(annotation, "true")
                .withCreationTimestamp(created)
                .endMetadata()
                .build();
    }

    private static StorageClass annotated(StorageClass sc, String type) {
        return new StorageClassBuilder(sc)
                .editMetadata()
                .addToAnnotations(ANNOTATION, type)
                .endMetadata()
                .build();
    }

    private static PersistentVolume annotated(PersistentVolume pv, String type) {
        return new PersistentVolumeBuilder(pv)
                .editMetadata()
                .addToAnnotations(ANNOTATION, type)
                .endMetadata()
                .build();
    }

    /** A claim in namespace "shop"; a null class leaves storageClassName unset. */
    private static PersistentVolumeClaimBuilder claim(String name, String className, String... accessModes) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(className)
                .withAccessModes(accessModes)
                .endSpec();
    }

    /** A ReadWriteOnce claim with storageClassName "" bound through volumeName: only the PV can decide. */
    private static PersistentVolumeClaim staticClaim(String name, String volumeName) {
        return claim(name, "", "ReadWriteOnce")
                .editSpec()
                .withVolumeName(volumeName)
                .endSpec()
                .build();
    }

    private static PersistentVolume pv(String name, UnaryOperator<PersistentVolumeSpecBuilder> spec) {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withSpec(spec.apply(new PersistentVolumeSpecBuilder()).build())
                .build();
    }

    private static PersistentVolume claimedPv(
            String name, String claimNamespace, String claimName, UnaryOperator<PersistentVolumeSpecBuilder> spec) {
        return pv(
                name,
                s -> spec.apply(s)
                        .withNewClaimRef()
                        .withKind("PersistentVolumeClaim")
                        .withNamespace(claimNamespace)
                        .withName(claimName)
                        .endClaimRef());
    }

    private static PersistentVolume nfsPv(String name) {
        return pv(name, s -> s.withNewNfs("/exports/data", false, "10.0.0.5"));
    }

    private static PersistentVolume csiPv(String name, String driver) {
        return pv(
                name,
                s -> s.withNewCsi()
                        .withDriver(driver)
                        .withVolumeHandle(name + "-handle")
                        .endCsi());
    }

    private static VolumeBuilder volume() {
        return new VolumeBuilder().withName("db");
    }

    private static Volume ephemeral(String className, String... accessModes) {
        PersistentVolumeClaimSpec spec =
                claim("ignored", className, accessModes).buildSpec();
        return volume().withNewEphemeral()
                .withNewVolumeClaimTemplate()
                .withSpec(spec)
                .endVolumeClaimTemplate()
                .endEphemeral()
                .build();
    }

    /** A PV with one in-tree source, bound through volumeName to a claim with storageClassName "". */
    private static Arguments inTree(
            String source, StorageType type, String phrase, UnaryOperator<PersistentVolumeSpecBuilder> spec) {
        String article = type == NETWORK ? "network" : type == BLOCK ? "block" : "local";
        return Arguments.of(
                "a bound PV with an in-tree " + source + " source is " + article,
                given(pv("pv-1", spec), staticClaim("data", "pv-1")),
                expect(type, "PersistentVolume pv-1 " + phrase, "data", null, null));
    }

    /** A claim "data" on class "sc" of the given provisioner and parameters (key, value pairs). */
    private static Arguments onClass(
            String name, String provisioner, String accessMode, StorageType type, String reason, String... params) {
        return Arguments.of(
                name,
                given(
                        sc("sc", provisioner, params),
                        claim("data", "sc", accessMode).build()),
                expect(type, reason, "data", "sc", provisioner));
    }

    private static Arguments inline(String name, VolumeBuilder volume, StorageType type, String reason, String driver) {
        return Arguments.of(name, given().classifying(volume.build()), expect(type, reason, null, null, driver));
    }
}
