package dev.walguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per classification fix of the "real storage" review: a small cluster in YAML whose claim {@code data}
 * (namespace {@code shop}) is classified. Rows say what used to go wrong in their name.
 */
class StorageClassifierFixesTest {

    private static final String RWO = "[ReadWriteOnce]";
    private static final String RWX = "[ReadWriteMany]";

    static Stream<Arguments> fixes() {
        return Stream.of(
                // Mixed drivers: a PV that does not repeat the deciding parameter reads its class; none → unknown.
                row(
                        "a Portworx FlashBlade PV whose attributes say sharedv4 false is network by its class's backend",
                        StorageType.NETWORK,
                        sc("fb", "pxd.portworx.com", "backend: pure_file")
                                + pv(
                                        "pv-1",
                                        "fb",
                                        RWO,
                                        "csi: {driver: pxd.portworx.com, volumeHandle: '1', "
                                                + "volumeAttributes: {shared: 'false', sharedv4: 'false'}}")
                                + bound("pv-1", RWO)),
                row(
                        "a Portworx PV with sharedv4 false and no class left is unknown, not block",
                        StorageType.UNKNOWN,
                        pv(
                                        "pv-1",
                                        "gone",
                                        RWO,
                                        "csi: {driver: pxd.portworx.com, volumeHandle: '1', "
                                                + "volumeAttributes: {sharedv4: 'false'}}")
                                + bound("pv-1", RWO)),
                row(
                        "a Portworx PV of a plain class is block",
                        StorageType.BLOCK,
                        sc("px", "pxd.portworx.com", "repl: '3'")
                                + pv(
                                        "pv-1",
                                        "px",
                                        RWO,
                                        "csi: {driver: pxd.portworx.com, volumeHandle: '1', volumeAttributes: {sharedv4: 'false'}}")
                                + bound("pv-1", RWO)),
                row(
                        "a Portworx proxy volume class (proxy_endpoint nfs://) is network",
                        StorageType.NETWORK,
                        sc("proxy", "pxd.portworx.com", "proxy_endpoint: nfs://nas.example.com") + claim("proxy", RWO)),
                row(
                        "a Portworx class without sharedv4 is network for a ReadWriteMany claim (made sharedv4)",
                        StorageType.NETWORK,
                        sc("px", "pxd.portworx.com", "repl: '1'") + claim("px", RWX)),
                row(
                        "a Portworx class with mount_options vers=4.0 is network",
                        StorageType.NETWORK,
                        sc("px", "pxd.portworx.com", "mount_options: 'vers=4.0'") + claim("px", RWO)),
                row(
                        "an in-tree portworxVolume PV of a shared class is network, no longer block",
                        StorageType.NETWORK,
                        sc("shared", "kubernetes.io/portworx-volume", "shared: 'true'")
                                + pv("pv-1", "shared", RWO, "portworxVolume: {volumeID: px-1}")
                                + bound("pv-1", RWO)),
                row(
                        "a Vultr VFS class is network",
                        StorageType.NETWORK,
                        sc("vfs", "block.csi.vultr.com", "storage_type: vfs") + claim("vfs", RWX)),
                row(
                        "a Vultr VFS PV, which has no attributes, is network by its class",
                        StorageType.NETWORK,
                        sc("vfs", "block.csi.vultr.com", "storage_type: vfs")
                                + pv("pv-1", "vfs", RWX, "csi: {driver: block.csi.vultr.com, volumeHandle: v-1}")
                                + bound("pv-1", RWX)),
                row(
                        "a Vultr block PV is block by its class",
                        StorageType.BLOCK,
                        sc("blk", "block.csi.vultr.com", "storage_type: block")
                                + pv("pv-1", "blk", RWO, "csi: {driver: block.csi.vultr.com, volumeHandle: v-1}")
                                + bound("pv-1", RWO)),
                row(
                        "a Vultr PV without its class is unknown",
                        StorageType.UNKNOWN,
                        pv("pv-1", "", RWO, "csi: {driver: block.csi.vultr.com, volumeHandle: v-1}")
                                + bound("pv-1", RWO)),
                // Attach protocol in attributes or handle decides.
                row(
                        "a PowerStore shared-NFS PV (handle nfs-, Protocol scsi) is network",
                        StorageType.NETWORK,
                        pv(
                                        "pv-1",
                                        "",
                                        RWX,
                                        "csi: {driver: csi-powerstore.dellemc.com, volumeHandle: 'nfs-1a2b/PS1/scsi', "
                                                + "fsType: ext4, volumeAttributes: {Protocol: scsi}}")
                                + bound("pv-1", RWO)),
                row(
                        "a PowerStore class with shared-nfs RWX is network",
                        StorageType.NETWORK,
                        sc("sh", "csi-powerstore.dellemc.com", "shared-nfs: RWX, csi.storage.k8s.io/fstype: ext4")
                                + claim("sh", RWX)),
                row(
                        "a PowerStore iSCSI PV (Protocol scsi) is block without its class",
                        StorageType.BLOCK,
                        pv(
                                        "pv-1",
                                        "",
                                        RWO,
                                        "csi: {driver: csi-powerstore.dellemc.com, volumeHandle: '1a2b/PS1/scsi', "
                                                + "fsType: ext4, volumeAttributes: {Protocol: scsi}}")
                                + bound("pv-1", RWO)),
                row(
                        "a PowerStore PV whose handle ends /nfs is network",
                        StorageType.NETWORK,
                        pv("pv-1", "", RWO, "csi: {driver: csi-powerstore.dellemc.com, volumeHandle: '1a2b/PS1/nfs'}")
                                + bound("pv-1", RWO)),
                row(
                        "a Unity PV whose handle names NFS is network",
                        StorageType.NETWORK,
                        pv(
                                        "pv-1",
                                        "",
                                        RWO,
                                        "csi: {driver: csi-unity.dellemc.com, volumeHandle: 'csivol-1-NFS-APM001-fs_1'}")
                                + bound("pv-1", RWO)),
                row(
                        "an InfiniBox PV handle $$iscsi is block",
                        StorageType.BLOCK,
                        pv("pv-1", "", RWO, "csi: {driver: infinibox-csi-driver, volumeHandle: '7394$$iscsi'}")
                                + bound("pv-1", RWO)),
                row(
                        "a Nutanix Files PV handle is network",
                        StorageType.NETWORK,
                        pv("pv-1", "", RWO, "csi: {driver: csi.nutanix.com, volumeHandle: 'NutanixFiles-dynamic-1'}")
                                + bound("pv-1", RWO)),
                row(
                        "a democratic-csi node-manual iSCSI PV is block by node_attach_driver",
                        StorageType.BLOCK,
                        pv(
                                        "pv-1",
                                        "",
                                        RWO,
                                        "csi: {driver: org.democratic-csi.node-manual, volumeHandle: x, "
                                                + "fsType: ext4, volumeAttributes: {node_attach_driver: iscsi}}")
                                + bound("pv-1", RWO)),
                row(
                        "a democratic-csi PV with node_attach_driver smb is network",
                        StorageType.NETWORK,
                        pv(
                                        "pv-1",
                                        "",
                                        RWO,
                                        "csi: {driver: org.democratic-csi.node-manual, volumeHandle: x, "
                                                + "volumeAttributes: {node_attach_driver: smb}}")
                                + bound("pv-1", RWO)),
                // Access-mode rules.
                row(
                        "a LINSTOR ReadWriteMany filesystem claim is network (NFS-Ganesha)",
                        StorageType.NETWORK,
                        sc("ls", "linstor.csi.linbit.com", "placementCount: '2'") + claim("ls", RWX)),
                row(
                        "a LINSTOR ReadWriteOnce claim bound to a ReadWriteMany PV is network (PV modes count)",
                        StorageType.NETWORK,
                        sc("ls", "linstor.csi.linbit.com", "placementCount: '2'")
                                + pv("pv-1", "ls", RWX, "csi: {driver: linstor.csi.linbit.com, volumeHandle: pvc-1}")
                                + bound("pv-1", RWO)),
                row(
                        "a local-path ReadOnlyMany claim is network (sharedFileSystemPath)",
                        StorageType.NETWORK,
                        sc("lp", "rancher.io/local-path", "") + claim("lp", "[ReadOnlyMany]")),
                row(
                        "a hostPath PV offered ReadWriteMany by local-path is network, not local",
                        StorageType.NETWORK,
                        sc("lp", "rancher.io/local-path", "")
                                + pv("pv-1", "lp", RWX, "hostPath: {path: /shared/pv-1}")
                                + bound("pv-1", RWX)),
                row(
                        "a hostPath PV offered ReadWriteOnce by local-path stays local",
                        StorageType.LOCAL,
                        sc("lp", "rancher.io/local-path", "")
                                + pv("pv-1", "lp", RWO, "hostPath: {path: /opt/pv-1}")
                                + bound("pv-1", RWO)),
                row(
                        "an EBS class on a ReadWriteMany filesystem claim is unknown, never block",
                        StorageType.UNKNOWN,
                        sc("gp3", "ebs.csi.aws.com", "type: gp3") + claim("gp3", RWX)),
                // no-provisioner: the PV decides, an unbound claim is unknown.
                row(
                        "an unbound claim on a no-provisioner class is unknown, no longer local",
                        StorageType.UNKNOWN,
                        sc("static", "kubernetes.io/no-provisioner", "") + claim("static", RWO)),
                row(
                        "a local PV of a no-provisioner class is local",
                        StorageType.LOCAL,
                        sc("static", "kubernetes.io/no-provisioner", "")
                                + pv("pv-1", "static", RWO, "local: {path: /mnt/disks/ssd1}")
                                + bound("pv-1", RWO)),
                // HPE claim overrides.
                row(
                        "an HPE claim annotated csi.hpe.com/nfsResources true on a class allowing it is network",
                        StorageType.NETWORK,
                        sc("hpe", "csi.hpe.com", "allowOverrides: 'nfsResources,description'")
                                + claimWith("hpe", RWO, "csi.hpe.com/nfsResources: 'true'")),
                row(
                        "an HPE claim annotation the class does not allow is ignored",
                        StorageType.BLOCK,
                        sc("hpe", "csi.hpe.com", "allowOverrides: description")
                                + claimWith("hpe", RWO, "csi.hpe.com/nfsResources: 'true'")),
                // Dispatcher provisioners, Huawei, signals.
                row(
                        "a CCE csi-disk class (everest-csi-provisioner) is block by csi-driver-name",
                        StorageType.BLOCK,
                        sc(
                                        "csi-disk",
                                        "everest-csi-provisioner",
                                        "csi.storage.k8s.io/csi-driver-name: disk.csi.everest.io")
                                + claim("csi-disk", RWO)),
                row(
                        "a Huawei dtree class is network",
                        StorageType.NETWORK,
                        sc("dt", "csi.huawei.com", "volumeType: dtree") + claim("dt", RWO)),
                row(
                        "a Huawei PV with lunWWN is block without its class",
                        StorageType.BLOCK,
                        pv(
                                        "pv-1",
                                        "",
                                        RWO,
                                        "csi: {driver: csi.huawei.com, volumeHandle: x, volumeAttributes: "
                                                + "{lunWWN: 6a0b}}")
                                + bound("pv-1", RWO)),
                row(
                        "a Tencent CFS Turbo-like class with protocol lustre is network by the signal",
                        StorageType.NETWORK,
                        sc("t", "example.com/parallel", "protocol: lustre") + claim("t", RWO)),
                row(
                        "an unknown driver's class with host and fsid is network",
                        StorageType.NETWORK,
                        sc("t", "example.com/turbo", "host: 10.0.0.7, fsid: abc") + claim("t", RWO)),
                row(
                        "a Rook flex PV with fsName is network for a ReadWriteOnce claim",
                        StorageType.NETWORK,
                        pv(
                                        "pv-1",
                                        "",
                                        RWO,
                                        "flexVolume: {driver: ceph.rook.io/rook, fsType: ceph, options: "
                                                + "{fsName: myfs, clusterNamespace: rook-ceph}}")
                                + bound("pv-1", RWO)),
                row(
                        "an unknown driver's PV with a Lustre NID handle is network",
                        StorageType.NETWORK,
                        pv("pv-1", "", RWO, "csi: {driver: example.com/pfs, volumeHandle: '10.0.2.6@tcp:/fs'}")
                                + bound("pv-1", RWO)),
                row(
                        "an OBS class with fstype s3fs is network",
                        StorageType.NETWORK,
                        sc("obs", "example.com/objects", "csi.storage.k8s.io/fstype: s3fs") + claim("obs", RWO)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void fixes(String name, StorageType expected, String yaml) {
        List<HasMetadata> objects = new ManifestReader()
                .read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), name).stream()
                        .map(ManifestReader.Manifest::object)
                        .toList();
        Volume volume = new VolumeBuilder()
                .withName("db")
                .withNewPersistentVolumeClaim()
                .withClaimName("data")
                .endPersistentVolumeClaim()
                .build();
        StorageVerdict v =
                new StorageClassifier(StoragePatterns.NONE).classify("shop", volume, new SnapshotClusterView(objects));
        assertEquals(expected, v.type(), v.reason());
        assertEquals(
                1,
                objects.stream().filter(o -> o instanceof PersistentVolumeClaim).count());
    }

    private static Arguments row(String name, StorageType expected, String yaml) {
        return Arguments.of(name, expected, yaml);
    }

    private static String sc(String name, String provisioner, String params) {
        return "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: " + name + "}\nprovisioner: "
                + provisioner + "\n" + (params.isEmpty() ? "" : "parameters: {" + params + "}\n");
    }

    private static String pv(String name, String storageClass, String modes, String source) {
        return "---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: " + name + "}\nspec: {storageClassName: '"
                + storageClass + "', accessModes: " + modes + ", capacity: {storage: 1Gi}, " + source + "}\n";
    }

    private static String bound(String pv, String modes) {
        return "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: shop}\n"
                + "spec: {volumeName: " + pv + ", accessModes: " + modes + "}\n";
    }

    private static String claim(String storageClass, String modes) {
        return claimWith(storageClass, modes, "");
    }

    private static String claimWith(String storageClass, String modes, String annotations) {
        return "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: shop"
                + (annotations.isEmpty() ? "" : ", annotations: {" + annotations + "}") + "}\n"
                + "spec: {storageClassName: " + storageClass + ", accessModes: " + modes + "}\n";
    }
}
