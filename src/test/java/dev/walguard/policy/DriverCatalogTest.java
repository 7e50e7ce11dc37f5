package dev.walguard.policy;

import static dev.walguard.policy.StorageType.BLOCK;
import static dev.walguard.policy.StorageType.LOCAL;
import static dev.walguard.policy.StorageType.NETWORK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.walguard.policy.DriverCatalog.Answer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DriverPattern globbing, the generic network signals and name heuristic (NetworkSignals), and the catalog. */
class DriverCatalogTest {

    // ---------------------------------------------------------------------------------------------------------------
    // DriverPattern: `*` anywhere, everything else literal, case-insensitive, whole-name match.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> globs() {
        return Stream.of(
                glob("an exact name matches itself", "nfs.csi.k8s.io", "nfs.csi.k8s.io", true),
                glob("an exact name does not match a longer name", "nfs.csi.k8s.io", "xnfs.csi.k8s.io", false),
                glob("an exact name does not match a prefix of it", "nfs.csi.k8s.io", "nfs.csi.k8s", false),
                glob("an upper-case pattern matches a lower-case driver", "NFS.CSI.K8S.IO", "nfs.csi.k8s.io", true),
                glob("a lower-case pattern matches a mixed-case driver", "nfs.csi.k8s.io", "NFS.csi.K8S.io", true),
                glob(
                        "a leading * matches a Rook namespace prefix",
                        "*.cephfs.csi.ceph.com",
                        "rook-ceph.cephfs.csi.ceph.com",
                        true),
                glob(
                        "a leading * matches the ODF namespace prefix",
                        "*.cephfs.csi.ceph.com",
                        "openshift-storage.cephfs.csi.ceph.com",
                        true),
                glob(
                        "*.cephfs.csi.ceph.com needs the dot, so it misses the bare name",
                        "*.cephfs.csi.ceph.com",
                        "cephfs.csi.ceph.com",
                        false),
                glob(
                        "*.cephfs.csi.ceph.com does not match the RBD driver",
                        "*.cephfs.csi.ceph.com",
                        "rook-ceph.rbd.csi.ceph.com",
                        false),
                glob("a trailing * matches any suffix", "csi.*", "csi.example.com", true),
                glob("a trailing * still anchors the prefix", "csi.*", "my.csi.example.com", false),
                glob("a * in the middle matches one label", "files.*.example.com", "files.eu-1.example.com", true),
                glob("a * in the middle still needs both dots", "files.*.example.com", "files.example.com", false),
                glob("a * in the middle may match an empty run", "files.*example.com", "files.example.com", true),
                glob("*nfs* finds nfs anywhere", "*nfs*", "cluster.local/my-nfs-provisioner", true),
                glob("several * match in order", "a*b*c", "a-1-b-2-c", true),
                glob("several * keep their order", "a*b*c", "acb", false),
                glob("a lone * matches any name", "*", "anything.example.com", true),
                glob("a lone * matches the empty name", "*", "", true),
                glob("** behaves like *", "**", "x", true),
                glob("a dot is literal, not a regex wildcard", "nfs.csi.k8s.io", "nfsXcsiXk8sXio", false),
                glob("regex metacharacters are literal", "(x)+[y]?", "(x)+[y]?", true),
                glob("a regex quantifier is not honoured", "a+b", "aab", false),
                glob("a backslash is literal", "a\\Eb*", "a\\Ebc", true),
                glob("blanks around the pattern are trimmed", "  nfs.csi.k8s.io  ", "nfs.csi.k8s.io", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void globs(String name, String pattern, String driver, boolean matches) {
        assertEquals(matches, DriverPattern.of(pattern).matches(driver));
    }

    @Test
    void aPatternNeverMatchesAMissingDriver() {
        assertFalse(DriverPattern.of("*").matches(null));
    }

    @Test
    void aPatternShowsItselfTrimmed() {
        assertEquals(
                "*.cephfs.csi.ceph.com",
                DriverPattern.of(" *.cephfs.csi.ceph.com ").toString());
    }

    static Stream<Arguments> commaLists() {
        return Stream.of(
                Arguments.of(
                        "one entry with a comma list",
                        List.of("nfs.csi.k8s.io, *.cephfs.csi.ceph.com"),
                        List.of("nfs.csi.k8s.io", "*.cephfs.csi.ceph.com")),
                Arguments.of("blank items between commas are skipped", List.of("a,,b, ,c,"), List.of("a", "b", "c")),
                Arguments.of(
                        "entries and comma lists combine in order", List.of("a, b", " c "), List.of("a", "b", "c")),
                Arguments.of("an entry of commas and blanks gives nothing", List.of(" , ,, "), List.of()),
                Arguments.of("an empty entry gives nothing", List.of(""), List.of()),
                Arguments.of("no entries give nothing", List.of(), List.of()),
                Arguments.of("a missing list gives nothing", null, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void commaLists(String name, List<String> entries, List<String> expected) {
        assertEquals(
                expected,
                DriverPattern.list(entries).stream()
                        .map(DriverPattern::toString)
                        .toList());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // networkSignal: parameters, fsType, volumeAttributes and mount options that mean NFS, SMB or FUSE.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> networkSignals() {
        return Stream.of(
                signal(
                        "csi.storage.k8s.io/fstype nfs",
                        facts().param("csi.storage.k8s.io/fstype", "nfs"),
                        "its parameter csi.storage.k8s.io/fstype is nfs"),
                signal(
                        "csi.storage.k8s.io/fstype nfs4",
                        facts().param("csi.storage.k8s.io/fstype", "nfs4"),
                        "its parameter csi.storage.k8s.io/fstype is nfs4"),
                signal(
                        "csi.storage.k8s.io/fstype NFS in capitals",
                        facts().param("csi.storage.k8s.io/fstype", " NFS "),
                        "its parameter csi.storage.k8s.io/fstype is nfs"),
                signal(
                        "a legacy fsType parameter cifs",
                        facts().param("fsType", "cifs"),
                        "its parameter fsType is cifs"),
                signal("a legacy fsType parameter smb", facts().param("fsType", "smb"), "its parameter fsType is smb"),
                signal(
                        "an fsType parameter ext4 says nothing",
                        facts().param("csi.storage.k8s.io/fstype", "ext4"),
                        null),
                signal("a PV fsType nfs", facts().fsType("nfs"), "its fsType is nfs"),
                signal("a PV fsType NFS4 in capitals", facts().fsType("NFS4"), "its fsType is nfs4"),
                signal("a PV fsType cifs", facts().fsType("cifs"), "its fsType is cifs"),
                signal("a PV fsType xfs says nothing", facts().fsType("xfs"), null),
                signal("protocol nfs", facts().param("protocol", "nfs"), "its protocol parameter is nfs"),
                signal("protocol SMB in capitals", facts().param("protocol", "SMB"), "its protocol parameter is smb"),
                signal("protocol cifs", facts().param("protocol", "cifs"), "its protocol parameter is cifs"),
                signal(
                        "protocol fuse (Azure Blob)",
                        facts().param("protocol", "fuse"),
                        "its protocol parameter is fuse"),
                signal(
                        "protocol fuse2 (Azure Blob)",
                        facts().param("protocol", "fuse2"),
                        "its protocol parameter is fuse2"),
                signal("protocol iscsi says nothing", facts().param("protocol", "iscsi"), null),
                signal(
                        "protocol file (Trident's own word) says nothing by itself",
                        facts().param("protocol", "file"),
                        null),
                signal(
                        "nfsResources true (HPE NFS Server Provisioner)",
                        facts().param("nfsResources", "true"),
                        "its parameter nfsResources is \"true\" (an NFS export)"),
                signal(
                        "sharedv4 True (Portworx)",
                        facts().param("sharedv4", "True"),
                        "its parameter sharedv4 is \"true\" (an NFS export)"),
                signal("sharedv4 false says nothing", facts().param("sharedv4", "false"), null),
                signal(
                        "backendType ontap-nas",
                        facts().param("backendType", "ontap-nas"),
                        "its NetApp backend is ONTAP NAS (NFS)"),
                signal(
                        "backendType ontap-nas-flexgroup",
                        facts().param("backendType", "ontap-nas-flexgroup"),
                        "its NetApp backend is ONTAP NAS (NFS)"),
                signal(
                        "storageDriverName ontap-nas-economy",
                        facts().param("storageDriverName", "ontap-nas-economy"),
                        "its NetApp backend is ONTAP NAS (NFS)"),
                signal("backendType ontap-san says nothing", facts().param("backendType", "ontap-san"), null),
                signal(
                        "server and share",
                        facts().param("server", "nas.example.com").param("share", "/export"),
                        "it mounts a share from server nas.example.com"),
                signal(
                        "server and path",
                        facts().param("server", "10.0.0.5").param("path", "/export"),
                        "it mounts a share from server 10.0.0.5"),
                signal("server alone says nothing", facts().param("server", "10.0.0.5"), null),
                signal("share alone says nothing", facts().param("share", "/export"), null),
                signal(
                        "parameter keys are matched case-insensitively",
                        facts().param("PROTOCOL", "nfs"),
                        "its protocol parameter is nfs"),
                signal(
                        "mount option nfsvers=4.1",
                        facts().mount("nfsvers=4.1"),
                        "its mount option nfsvers=4.1 is an NFS/SMB option"),
                signal(
                        "mount option vers=3.0 (SMB)",
                        facts().mount("vers=3.0"),
                        "its mount option vers=3.0 is an NFS/SMB option"),
                signal(
                        "mount option nconnect=8",
                        facts().mount("nconnect=8"),
                        "its mount option nconnect=8 is an NFS/SMB option"),
                signal(
                        "mount option timeo=600",
                        facts().mount("timeo=600"),
                        "its mount option timeo=600 is an NFS/SMB option"),
                signal(
                        "mount option dir_mode=0777",
                        facts().mount("dir_mode=0777"),
                        "its mount option dir_mode=0777 is an NFS/SMB option"),
                signal(
                        "mount option file_mode=0666",
                        facts().mount("file_mode=0666"),
                        "its mount option file_mode=0666 is an NFS/SMB option"),
                signal(
                        "mount option retrans=2",
                        facts().mount("retrans=2"),
                        "its mount option retrans=2 is an NFS/SMB option"),
                signal(
                        "mount option sec=krb5",
                        facts().mount("sec=krb5"),
                        "its mount option sec=krb5 is an NFS/SMB option"),
                signal("mount option nolock", facts().mount("nolock"), "its mount option nolock is an NFS/SMB option"),
                signal("mount option hard", facts().mount("hard"), "its mount option hard is an NFS/SMB option"),
                signal("mount option soft", facts().mount("soft"), "its mount option soft is an NFS/SMB option"),
                signal("mount option noac", facts().mount("noac"), "its mount option noac is an NFS/SMB option"),
                signal(
                        "mount options are trimmed and lower-cased",
                        facts().mount(" NFSVERS=4 "),
                        "its mount option nfsvers=4 is an NFS/SMB option"),
                signal(
                        "the first network mount option is named",
                        facts().mount("noatime", "nolock", "hard"),
                        "its mount option nolock is an NFS/SMB option"),
                signal(
                        "block filesystem mount options say nothing",
                        facts().mount("noatime", "discard", "nobarrier"),
                        null),
                signal(
                        "the fstype parameter is named before the protocol parameter",
                        facts().param("protocol", "smb").param("csi.storage.k8s.io/fstype", "nfs"),
                        "its parameter csi.storage.k8s.io/fstype is nfs"),
                signal(
                        "parameters are named before mount options",
                        facts().mount("nfsvers=4.1").param("protocol", "nfs"),
                        "its protocol parameter is nfs"),
                signal("no facts say nothing", facts(), null),
                signal("access modes alone say nothing", facts().modes("ReadWriteMany"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void networkSignals(String name, Facts facts, String reason) {
        Optional<Answer> answer = NetworkSignals.of(facts.build());
        assertEquals(reason == null ? Optional.empty() : Optional.of(new Answer(NETWORK, reason)), answer);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // networkName: a whole word of the driver name (split on . / _ -) names a network filesystem.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> networkNames() {
        return Stream.of(
                name("cluster.local/nfs-subdir-external-provisioner", "nfs"),
                name("cluster.local/nfs-client", "nfs"),
                name("example.com/my-nfs", "nfs"),
                name("example.com/smb-provisioner", "smb"),
                name("example.com/cifs", "cifs"),
                name("my.cephfs.provisioner", "cephfs"),
                name("example.com/glusterfs_simple", "glusterfs"),
                name("lustre.example.com", "lustre"),
                name("example.com/s3fs-provisioner", "s3fs"),
                name("example.com/aws-efs", "efs"),
                name("EXAMPLE.COM/NFS", "nfs"),
                name("ebs.csi.aws.com", null),
                name("example.com/nfsdisk", null),
                name("confs.example.com", null),
                name("rancher.io/local-path", null),
                name("csi.example.com", null),
                name("nfs4.example.com", null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource
    void networkNames(String driver, String token) {
        Optional<Answer> answer = NetworkSignals.ofName(driver);
        assertEquals(
                token == null
                        ? Optional.empty()
                        : Optional.of(new Answer(
                                NETWORK, "driver " + driver + " is named after a network filesystem (" + token + ")")),
                answer);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The catalog: drivers added from their own documentation and the kubernetes-csi driver list.
    // ---------------------------------------------------------------------------------------------------------------

    static Stream<Arguments> catalog() {
        return Stream.of(
                known(
                        "MooseFS is network",
                        facts().driver("csi.moosefs.com"),
                        NETWORK,
                        "driver csi.moosefs.com serves MooseFS"),
                known(
                        "MooseFS under its Tuxera name is network",
                        facts().driver("com.tuxera.csi.moosefs"),
                        NETWORK,
                        "driver com.tuxera.csi.moosefs serves MooseFS"),
                known(
                        "CubeFS is network",
                        facts().driver("csi.cubefs.com"),
                        NETWORK,
                        "driver csi.cubefs.com serves CubeFS (ChubaoFS)"),
                known(
                        "ChubaoFS is network",
                        facts().driver("csi.chubaofs.com"),
                        NETWORK,
                        "driver csi.chubaofs.com serves CubeFS (ChubaoFS)"),
                known(
                        "kaDalu under its old name is network",
                        facts().driver("org.kadalu.gluster"),
                        NETWORK,
                        "driver org.kadalu.gluster serves GlusterFS (kaDalu)"),
                known("kaDalu is network", facts().driver("kadalu"), NETWORK, "driver kadalu serves GlusterFS"),
                known(
                        "DDN EXAScaler is network",
                        facts().driver("exa.csi.ddn.com"),
                        NETWORK,
                        "driver exa.csi.ddn.com serves DDN EXAScaler (Lustre)"),
                known(
                        "Huawei Cloud SFS Turbo is network",
                        facts().driver("sfsturbo.csi.huaweicloud.com"),
                        NETWORK,
                        "driver sfsturbo.csi.huaweicloud.com serves Huawei Cloud SFS (NFS)"),
                known(
                        "Huawei Cloud OBS is network",
                        facts().driver("obs.csi.huaweicloud.com"),
                        NETWORK,
                        "driver obs.csi.huaweicloud.com serves Huawei Cloud OBS (FUSE)"),
                known(
                        "Huawei Cloud EVS is block",
                        facts().driver("evs.csi.huaweicloud.com"),
                        BLOCK,
                        "driver evs.csi.huaweicloud.com is Huawei Cloud EVS, a block device"),
                known(
                        "Exoscale is block",
                        facts().driver("csi.exoscale.com"),
                        BLOCK,
                        "driver csi.exoscale.com is Exoscale Block Storage, a block device"),
                known(
                        "Equinix Metal is block",
                        facts().driver("net.packet.csi"),
                        BLOCK,
                        "driver net.packet.csi is Equinix Metal (Packet) Elastic Block Storage, a block device"),
                known(
                        "Hitachi VSP is block",
                        facts().driver("hspc.csi.hitachi.com"),
                        BLOCK,
                        "driver hspc.csi.hitachi.com is Hitachi VSP (Storage Plug-in for Containers), a block device"),
                known(
                        "Datera is block",
                        facts().driver("dsp.csi.daterainc.io"),
                        BLOCK,
                        "driver dsp.csi.daterainc.io is Datera, a block device"),
                known(
                        "Yandex.Cloud disks are block",
                        facts().driver("yandex.csi.flant.com"),
                        BLOCK,
                        "driver yandex.csi.flant.com is Yandex.Cloud disks (flant), a block device"),
                known(
                        "OpenEBS Rawfile is local",
                        facts().driver("rawfile.csi.openebs.io"),
                        LOCAL,
                        "driver rawfile.csi.openebs.io is OpenEBS Rawfile LocalPV, node-local storage"),
                known(
                        "Open-Local is local",
                        facts().driver("local.csi.alibaba.com"),
                        LOCAL,
                        "driver local.csi.alibaba.com is Open-Local, node-local storage"),
                known(
                        "Nutanix Files is network",
                        facts().driver("csi.nutanix.com")
                                .param("storageType", "NutanixFiles")
                                .param("nfsServerName", "files01"),
                        NETWORK,
                        "its Nutanix storage is Nutanix Files (NFS)"),
                known(
                        "Nutanix Volumes is block",
                        facts().driver("csi.nutanix.com")
                                .param("storageType", "NutanixVolumes")
                                .param("storageContainer", "default"),
                        BLOCK,
                        "its Nutanix storage is Nutanix Volumes (iSCSI)"),
                known(
                        "a legacy com.nutanix.csi file class (nfsServer, nfsPath) is network",
                        facts().driver("com.nutanix.csi")
                                .param("nfsServer", "files.example.com")
                                .param("nfsPath", "/k8s"),
                        NETWORK,
                        "its Nutanix storage is Nutanix Files (NFS)"),
                known(
                        "a legacy com.nutanix.csi volume class (storageContainer) is block",
                        facts().driver("com.nutanix.csi")
                                .param("storageContainer", "default")
                                .param("fsType", "xfs"),
                        BLOCK,
                        "its Nutanix storage is Nutanix Volumes (iSCSI)"),
                known(
                        "a Nutanix volume with nothing that decides is undecided",
                        facts().driver("csi.nutanix.com"),
                        null,
                        null),
                known(
                        "Huawei storage with volumeType fs is network",
                        facts().driver("csi.huawei.com")
                                .param("volumeType", "fs")
                                .param("backend", "nfs-nas-181"),
                        NETWORK,
                        "its Huawei volumeType is fs (a shared file system)"),
                known(
                        "Huawei storage with volumeType lun is block",
                        facts().driver("csi.huawei.com")
                                .param("volumeType", "lun")
                                .param("fsType", "ext4"),
                        BLOCK,
                        "its Huawei volumeType is lun (a block device)"),
                // Was undecided: an empty volumeType is a LUN (eSDK_K8S_Plugin backend.go); a default, so a PV alone
                // needs its class.
                known(
                        "Huawei storage without volumeType defaults to a LUN",
                        facts().driver("csi.huawei.com"),
                        BLOCK,
                        "a Huawei volume without volumeType is a LUN (a block device)"),
                known(
                        "a Harvester ReadWriteOnce volume is block",
                        facts().driver("driver.harvesterhci.io").modes("ReadWriteOnce"),
                        BLOCK,
                        "Harvester volumes other than ReadWriteMany filesystems are block devices"),
                known(
                        "a Harvester ReadWriteMany volume is network",
                        facts().driver("driver.harvesterhci.io").modes("ReadWriteMany"),
                        NETWORK,
                        "Harvester serves ReadWriteMany filesystem volumes through a Longhorn share-manager NFS export"),
                known(
                        "a Harvester ReadWriteMany Block-mode volume is block",
                        facts().driver("driver.harvesterhci.io")
                                .modes("ReadWriteMany")
                                .volumeMode("Block"),
                        BLOCK,
                        "Harvester volumes other than ReadWriteMany filesystems are block devices"),
                known(
                        "an Ondat ReadWriteMany volume is network",
                        facts().driver("csi.storageos.com").modes("ReadWriteMany"),
                        NETWORK,
                        "Ondat serves ReadWriteMany filesystem volumes through an Ondat NFS server"),
                known(
                        "an Ondat ReadWriteOnce volume is block",
                        facts().driver("csi.storageos.com").modes("ReadWriteOnce"),
                        BLOCK,
                        "Ondat volumes other than ReadWriteMany filesystems are block " + "devices"),
                known(
                        "a StorageOS v1 ReadWriteOnce volume is block",
                        facts().driver("storageos").modes("ReadWriteOnce"),
                        BLOCK,
                        "Ondat volumes other than ReadWriteMany filesystems are block " + "devices"),
                known(
                        "a QNAP SMB class is network",
                        facts().driver("csi.trident.qnap.io").param("trident.qnap.io/fileProtocol", "smb"),
                        NETWORK,
                        "its QNAP volume is a file share (smb)"),
                known(
                        "a QNAP iSCSI class is block",
                        facts().driver("csi.trident.qnap.io").param("fsType", "ext4"),
                        BLOCK,
                        "its QNAP volume is an iSCSI block device"),
                known(
                        "a QNAP PV with protocol file is network",
                        facts().driver("csi.trident.qnap.io").param("protocol", "file"),
                        NETWORK,
                        "its QNAP volume is a file share"),
                // Was undecided: without fileProtocol the plug-in makes an iSCSI LUN; a default, so a PV alone needs
                // its class.
                known(
                        "a QNAP class without fileProtocol defaults to an iSCSI LUN",
                        facts().driver("csi.trident.qnap.io"),
                        BLOCK,
                        "a QNAP volume without trident.qnap.io/fileProtocol is an iSCSI block device"),
                known(
                        "democratic-csi nfs is network",
                        facts().driver("org.democratic-csi.nfs").param("fsType", "nfs"),
                        NETWORK,
                        "driver org.democratic-csi.nfs is a democratic-csi nfs driver"),
                known(
                        "democratic-csi smb is network",
                        facts().driver("org.democratic-csi.smb"),
                        NETWORK,
                        "driver org.democratic-csi.smb is a democratic-csi smb driver"),
                known(
                        "democratic-csi iscsi is block",
                        facts().driver("org.democratic-csi.iscsi").param("fsType", "ext4"),
                        BLOCK,
                        "driver org.democratic-csi.iscsi is a democratic-csi iSCSI/NVMe-oF driver, a block device"),
                known(
                        "democratic-csi nvmeof is block",
                        facts().driver("org.democratic-csi.nvmeof"),
                        BLOCK,
                        "driver org.democratic-csi.nvmeof is a democratic-csi iSCSI/NVMe-oF driver, a block device"),
                known(
                        "democratic-csi zfs-local-dataset is local",
                        facts().driver("org.democratic-csi.zfs-local-dataset").param("fsType", "zfs"),
                        LOCAL,
                        "driver org.democratic-csi.zfs-local-dataset is a democratic-csi node-local driver"),
                known(
                        "democratic-csi local-hostpath is local",
                        facts().driver("org.democratic-csi.local-hostpath"),
                        LOCAL,
                        "driver org.democratic-csi.local-hostpath is a democratic-csi node-local driver"),
                known(
                        "democratic-csi lustre-client is network by its fsType",
                        facts().driver("org.democratic-csi.lustre-client").param("fsType", "lustre"),
                        NETWORK,
                        "its democratic-csi fsType is lustre, a network filesystem"),
                known(
                        "democratic-csi objectivefs is network by its PV fsType",
                        facts().driver("org.democratic-csi.objectivefs").fsType("objectivefs"),
                        NETWORK,
                        "its democratic-csi fsType is objectivefs, a network filesystem"),
                known(
                        "a democratic-csi iscsi-named driver with fsType nfs is network by the signal",
                        facts().driver("org.democratic-csi.iscsi").param("fsType", "nfs"),
                        NETWORK,
                        "its parameter fsType is nfs"),
                known(
                        "a democratic-csi driver named for nothing it knows is undecided",
                        facts().driver("org.democratic-csi.node-manual").param("fsType", "ext4"),
                        null,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void catalog(String name, Facts facts, StorageType type, String reason) {
        // Type and reason; whether an answer is a mixed driver's default is the classifier's concern.
        Optional<Answer> answer =
                DriverCatalog.standard().classify(facts.build()).map(a -> new Answer(a.type(), a.reason()));
        assertEquals(type == null ? Optional.empty() : Optional.of(new Answer(type, reason)), answer);
    }

    private static Arguments known(String name, Facts facts, StorageType type, String reason) {
        return Arguments.of(name, facts, type, reason);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fixtures.
    // ---------------------------------------------------------------------------------------------------------------

    private static Arguments glob(String name, String pattern, String driver, boolean matches) {
        return Arguments.of(name, pattern, driver, matches);
    }

    private static Arguments signal(String name, Facts facts, String reason) {
        return Arguments.of(name, facts, reason);
    }

    private static Arguments name(String driver, String token) {
        return Arguments.of(driver, token);
    }

    static Facts facts() {
        return new Facts();
    }

    /** A small builder for DriverFacts. */
    static final class Facts {
        private String driver;
        private final Map<String, String> params = new LinkedHashMap<>();
        private String fsType;
        private final List<String> mounts = new ArrayList<>();
        private final List<String> modes = new ArrayList<>();
        private String volumeMode;
        private String volumeHandle;

        Facts driver(String d) {
            driver = d;
            return this;
        }

        Facts param(String key, String value) {
            params.put(key, value);
            return this;
        }

        Facts fsType(String t) {
            fsType = t;
            return this;
        }

        Facts mount(String... options) {
            mounts.addAll(Arrays.asList(options));
            return this;
        }

        Facts modes(String... accessModes) {
            modes.addAll(Arrays.asList(accessModes));
            return this;
        }

        Facts volumeMode(String m) {
            volumeMode = m;
            return this;
        }

        Facts volumeHandle(String h) {
            volumeHandle = h;
            return this;
        }

        DriverFacts build() {
            return new DriverFacts(driver, params, fsType, mounts, modes, volumeMode, volumeHandle);
        }

        @Override
        public String toString() {
            return build().toString();
        }
    }
}
