package dev.walguard.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What walguard knows about storage drivers: CSI drivers, external and in-tree provisioners. Sources: the drivers'
 * own documentation and the Kubernetes CSI driver registry; see {@code storage-drivers.md} and the README.
 *
 * <p>Renamable drivers (Rook/ODF prefix the operator namespace, Dell allows renames) are matched by suffix.
 */
final class DriverCatalog {

    /** A classification with the phrase that explains it. */
    record Answer(StorageType type, String reason) {
    }

    private record Entry(List<DriverPattern> patterns, String product, Function<DriverFacts, Optional<Answer>> decide) {
    }

    /** Words in a driver name that say "network filesystem" whoever made it (e.g. cluster.local/nfs-subdir-...). */
    private static final Set<String> NETWORK_NAME_TOKENS = Set.of("nfs", "smb", "cifs", "cephfs", "glusterfs",
            "lustre", "s3fs", "efs");

    private static final List<String> NETWORK_MOUNT_OPTION_PREFIXES = List.of("nfsvers=", "vers=", "nconnect=",
            "timeo=", "dir_mode=", "file_mode=", "retrans=", "sec=");
    private static final Set<String> NETWORK_MOUNT_OPTIONS = Set.of("nolock", "hard", "soft", "nfsvers", "noac");

    /** Exact names, looked up by hash: admission classifies every volume, so this stays off the regex path. */
    private final Map<String, Entry> exact = new HashMap<>();
    /** Glob patterns with their entries, in catalog order; tried when no exact name matches. */
    private final List<Map.Entry<DriverPattern, Entry>> globs = new ArrayList<>();

    static DriverCatalog standard() {
        DriverCatalog c = new DriverCatalog();
        // Network filesystems: NFS, SMB, cloud file services, distributed and FUSE filesystems.
        c.network("NFS (csi-driver-nfs)", "nfs.csi.k8s.io");
        c.network("SMB (csi-driver-smb)", "smb.csi.k8s.io");
        c.network("NFS (nfs-subdir-external-provisioner)", "k8s-sigs.io/nfs-subdir-external-provisioner",
                "cluster.local/nfs-subdir-external-provisioner");
        c.network("NFS (OpenEBS dynamic NFS provisioner)", "openebs.io/nfsrwx");
        c.network("Amazon EFS (NFS)", "efs.csi.aws.com");
        c.network("Amazon FSx for Lustre", "fsx.csi.aws.com");
        c.network("Amazon FSx for OpenZFS (NFS)", "fsx.openzfs.csi.aws.com");
        c.network("Mountpoint for Amazon S3 (FUSE)", "s3.csi.aws.com");
        c.network("Google Filestore (NFS)", "filestore.csi.storage.gke.io", "com.google.csi.filestore");
        c.network("Cloud Storage FUSE", "gcsfuse.csi.storage.gke.io");
        c.network("Google Managed Lustre", "lustre.csi.storage.gke.io");
        c.network("Google Parallelstore", "parallelstore.csi.storage.gke.io");
        c.network("Azure Files (SMB or NFS)", "file.csi.azure.com", "kubernetes.io/azure-file");
        c.network("Azure Blob (blobfuse or NFS)", "blob.csi.azure.com");
        c.network("Azure Managed Lustre", "azurelustre.csi.azure.com");
        c.network("CephFS", "cephfs.csi.ceph.com", "*.cephfs.csi.ceph.com", "kubernetes.io/cephfs");
        c.network("NFS (Ceph NFS)", "nfs.csi.ceph.com", "*.nfs.csi.ceph.com");
        c.network("OpenStack Manila (shared filesystems)", "manila.csi.openstack.org", "*.manila.csi.openstack.org");
        c.network("GlusterFS", "org.gluster.glusterfs", "kubernetes.io/glusterfs", "kadalu");
        c.network("Quobyte", "quobyte-csi", "csi.quobyte.com", "kubernetes.io/quobyte");
        c.network("Dell PowerScale (NFS)", "csi-isilon.dellemc.com", "*isilon.dellemc.com");
        c.network("JuiceFS", "csi.juicefs.com");
        c.network("SeaweedFS", "seaweedfs-csi-driver");
        c.network("BeeGFS", "beegfs.csi.netapp.com");
        c.network("WEKA", "csi.weka.io");
        c.network("IBM Storage Scale (GPFS)", "spectrumscale.csi.ibm.com");
        c.network("IBM Cloud File Storage (NFS)", "vpc.file.csi.ibm.io", "ibm.io/ibmc-file");
        c.network("IBM Cloud Object Storage (s3fs)", "ibm.io/ibmc-s3fs");
        c.network("VAST Data (NFS)", "csi.vastdata.com");
        c.network("Alibaba Cloud NAS", "nasplugin.csi.alibabacloud.com");
        c.network("Alibaba Cloud CPFS", "cpfsplugin.csi.alibabacloud.com");
        c.network("Alibaba Cloud OSS (ossfs FUSE)", "ossplugin.csi.alibabacloud.com");
        c.network("Tencent Cloud CFS (NFS)", "com.tencent.cloud.csi.cfs");
        c.network("Tencent Cloud COS (cosfs FUSE)", "com.tencent.cloud.csi.cosfs");
        c.network("Huawei Cloud SFS", "nas.csi.everest.io", "sfsturbo.csi.everest.io");
        c.network("Huawei Cloud OBS (FUSE)", "obs.csi.everest.io");
        c.network("OCI File Storage (NFS)", "fss.csi.oraclecloud.com");
        c.network("CVMFS", "cvmfs.csi.cern.ch");
        c.network("S3 via FUSE (csi-s3)", "ru.yandex.s3.csi");
        c.network("rclone (FUSE)", "csi-rclone");
        // Sources for the entries below: kubernetes-csi/docs book/src/drivers.md ("drivers.md") unless noted.
        c.network("MooseFS", "csi.moosefs.com", // moosefs/moosefs-csi README (static PV example) and driver name
                "com.tuxera.csi.moosefs"); // drivers.md (older releases)
        c.network("CubeFS (ChubaoFS)", "csi.cubefs.com", // cubefs/cubefs-csi README, StorageClass example
                "csi.chubaofs.com"); // drivers.md and the ChubaoFS-era cubefs-csi README
        c.network("GlusterFS (kaDalu)", "org.kadalu.gluster"); // drivers.md; current kaDalu registers "kadalu"
        c.network("DDN EXAScaler (Lustre)", "exa.csi.ddn.com"); // drivers.md
        c.network("Bigtera VirtualStor filesystem", "csi.fs.bigtera.com"); // drivers.md
        c.network("DATATOM Infinity filesystem", "csi-infifs-plugin"); // drivers.md
        c.network("NexentaStor file storage (NFS)", "nexentastor-csi-driver.nexenta.com"); // drivers.md
        c.network("IntelliFlash file storage (NFS)", "intelliflash-csi-file-driver.intelliflash.com"); // drivers.md
        c.network("XSKY X-EUS file storage", "csi.fs.xsky.com"); // drivers.md
        c.network("Sangfor EDS file storage", "eds.csi.file.sangfor.com"); // drivers.md
        c.network("Google Cloud Storage (csi-gcs FUSE)", "gcs.csi.ofek.dev"); // drivers.md
        c.network("HPE Ezmeral Data Fabric (MapR)", "com.mapr.csi-kdf"); // drivers.md
        c.network("Huawei Cloud SFS (NFS)", "sfs.csi.huaweicloud.com", // huaweicloud/huaweicloud-csi-driver README
                "sfsturbo.csi.huaweicloud.com"); // huaweicloud-csi-driver examples/sfsturbo-csi-plugin/.../sc.yaml
        c.network("Huawei Cloud OBS (FUSE)", "obs.csi.huaweicloud.com"); // huaweicloud-csi-driver obs examples
        c.network("Capitalonline CDS NAS (NFS)", "nas.csi.cds.net"); // capitalonline/cds-csi-driver README

        // Drivers that serve both files and blocks: a parameter or the access mode decides.
        c.depends("Longhorn", DriverCatalog::longhorn, "driver.longhorn.io");
        c.depends("vSphere CNS", DriverCatalog::vsphere, "csi.vsphere.vmware.com");
        c.depends("NetApp Trident", DriverCatalog::trident, "csi.trident.netapp.io");
        c.depends("Portworx", DriverCatalog::portworx, "pxd.portworx.com", "kubernetes.io/portworx-volume");
        c.depends("Pure Service Orchestrator", DriverCatalog::pure, "pure-csi");
        c.depends("Dell PowerMax/PowerFlex/PowerStore/Unity", f -> blockUnlessNfs(f, "Dell block storage"),
                "csi-powermax.dellemc.com", "csi-vxflexos.dellemc.com", "csi-powerstore.dellemc.com",
                "csi-unity.dellemc.com", "*powermax.dellemc.com", "*vxflexos.dellemc.com",
                "*powerstore.dellemc.com", "*unity.dellemc.com");
        c.depends("HPE CSI Driver", DriverCatalog::hpe, "csi.hpe.com");
        c.depends("Synology CSI", f -> blockUnlessNfs(f, "Synology iSCSI"), "csi.san.synology.com");
        c.depends("Infinidat InfiniBox", DriverCatalog::infinibox, "infinibox-csi-driver");
        // Nutanix: storageType NutanixFiles (NFS) or NutanixVolumes (iSCSI); the driver was com.nutanix.csi before
        // 2.2.0 (nutanix/helm charts/nutanix-csi-storage README and templates/sc.yaml; Nutanix Files StorageClasses).
        c.depends("Nutanix CSI", DriverCatalog::nutanix, "csi.nutanix.com", "com.nutanix.csi");
        // Huawei enterprise storage: volumeType fs (NFS/DataTurbo file system) or lun (Huawei/css-docs StorageClass
        // examples; driver listed in drivers.md).
        c.depends("Huawei Storage CSI", DriverCatalog::huawei, "csi.huawei.com");
        // Harvester guest clusters: ReadWriteOnce hot-plugs a host volume; ReadWriteMany is a Longhorn share-manager
        // NFS export (harvester/harvester enhancements/20240523-support-rwx-volume-to-downstream-cluster.md; driver
        // name from the harvester-csi-driver DaemonSet's kubelet registration path).
        c.depends("Harvester CSI", f -> sharedFsOrBlock(f, "Harvester",
                "a Longhorn share-manager NFS export"), "driver.harvesterhci.io");
        // Ondat (StorageOS): a ReadWriteMany claim is a standard volume re-exported by an NFS server (ondat
        // documentation, docs/operations/rwx.md and concepts/sharedfs); "storageos" is the v1 name in drivers.md.
        c.depends("Ondat (StorageOS)", f -> sharedFsOrBlock(f, "Ondat", "an Ondat NFS server"),
                "csi.storageos.com", "storageos");
        // QNAP (a Trident fork): trident.qnap.io/fileProtocol selects an SMB/NFS share, otherwise iSCSI
        // (qnap-dev/QNAP-CSI-PlugIn Samples/StorageClass/sc_smb_sample.yaml and sc_iscsi_sample.yaml.yaml).
        c.depends("QNAP CSI", DriverCatalog::qnap, "csi.trident.qnap.io");
        // democratic-csi (TrueNAS/FreeNAS, ZFS on Linux, Synology, ...): the driver name is chosen at install, the
        // chart examples use org.democratic-csi.<kind> (democratic-csi/charts stable/democratic-csi/examples: nfs,
        // smb, iscsi, nvmeof, lustre-client, objectivefs, local-hostpath, zfs-local-dataset, zfs-local-zvol).
        c.depends("democratic-csi", DriverCatalog::democratic, "org.democratic-csi.*");

        // Block devices with a filesystem mounted by one node.
        c.block("Amazon EBS", "ebs.csi.aws.com", "kubernetes.io/aws-ebs");
        c.block("GCE Persistent Disk / Hyperdisk", "pd.csi.storage.gke.io", "kubernetes.io/gce-pd");
        c.block("Azure Disk", "disk.csi.azure.com", "kubernetes.io/azure-disk");
        c.block("OpenStack Cinder", "cinder.csi.openstack.org", "kubernetes.io/cinder");
        c.block("vSphere volume (in-tree)", "kubernetes.io/vsphere-volume");
        c.block("Ceph RBD", "rbd.csi.ceph.com", "*.rbd.csi.ceph.com", "kubernetes.io/rbd", "ceph.rook.io/block");
        c.block("ScaleIO", "kubernetes.io/scaleio");
        c.block("OpenEBS Mayastor", "io.openebs.csi-mayastor");
        c.block("OpenEBS cStor", "cstor.csi.openebs.io");
        c.block("OpenEBS Jiva", "jiva.csi.openebs.io");
        c.block("LINSTOR / Piraeus (DRBD)", "linstor.csi.linbit.com");
        c.block("iSCSI (csi-driver-iscsi)", "iscsi.csi.k8s.io");
        c.block("Hetzner Cloud Volumes", "csi.hetzner.cloud");
        c.block("DigitalOcean Block Storage", "dobs.csi.digitalocean.com");
        c.block("Linode Block Storage", "linodebs.csi.linode.com");
        c.block("Scaleway Block Storage", "csi.scaleway.com");
        c.block("Vultr Block Storage", "block.csi.vultr.com");
        c.block("Alibaba Cloud Disk", "diskplugin.csi.alibabacloud.com");
        c.block("OCI Block Volume", "blockvolume.csi.oraclecloud.com");
        c.block("IBM block storage", "block.csi.ibm.com", "vpc.block.csi.ibm.io", "ibm.io/ibmc-block");
        c.block("Tencent Cloud CBS", "com.tencent.cloud.csi.cbs");
        c.block("Huawei Cloud EVS", "disk.csi.everest.io");
        c.block("Civo Volumes", "csi.civo.com");
        c.block("Outscale BSU", "bsu.csi.outscale.com");
        c.block("cloudscale.ch Volumes", "csi.cloudscale.ch");
        c.block("oVirt disks", "csi.ovirt.org");
        c.block("Proxmox disks", "csi.proxmox.sinextra.dev");
        c.block("KubeVirt hotplug disks", "csi.kubevirt.io");
        c.block("Exoscale Block Storage", "csi.exoscale.com"); // exoscale/exoscale-csi-driver (DriverName)
        c.block("Equinix Metal (Packet) Elastic Block Storage", "net.packet.csi"); // csi-packet demo-pv.yaml
        c.block("Huawei Cloud EVS", "evs.csi.huaweicloud.com"); // huaweicloud-csi-driver docs/evs, examples/evs
        c.block("Hitachi VSP (Storage Plug-in for Containers)", "hspc.csi.hitachi.com"); // drivers.md
        c.block("Datera", "dsp.csi.daterainc.io"); // drivers.md
        c.block("Yandex.Cloud disks (flant)", "yandex.csi.flant.com"); // drivers.md
        c.block("BizFly Cloud volumes", "volume.csi.bizflycloud.vn"); // drivers.md
        c.block("QingCloud block storage", "disk.csi.qingcloud.com"); // drivers.md
        c.block("Bigtera VirtualStor block", "csi.block.bigtera.com"); // drivers.md
        c.block("DATATOM Infinity block", "csi-infiblock-plugin"); // drivers.md
        c.block("Seagate Exos X", "csi-exos-x.seagate.com"); // drivers.md
        c.block("Dothill / Seagate AssuredSAN", "dothill.csi.enix.io"); // drivers.md
        c.block("Diamanti", "dcx.csi.diamanti.com"); // drivers.md
        c.block("KIOXIA KumoScale", "kumoscale.kioxia.com"); // drivers.md
        c.block("MacroSAN", "csi-macrosan"); // drivers.md
        c.block("Huayun ArStor", "arstor.csi.huayun.io"); // drivers.md
        c.block("Open-E JovianDSS", "com.open-e.joviandss.csi"); // drivers.md
        c.block("Inspur InStorage", "csi-instorage"); // drivers.md
        c.block("XSKY X-EBS", "csi.block.xsky.com"); // drivers.md
        c.block("Sangfor EDS block storage", "eds.csi.block.sangfor.com"); // drivers.md
        c.block("Gluster virtual block", "org.gluster.glustervirtblock"); // drivers.md
        c.block("SPDK", "csi.spdk.io"); // drivers.md
        c.block("Virtual Disk Array (VDA)", "csi.vda.io"); // drivers.md

        // Node-local storage.
        c.local("local PersistentVolumes", "kubernetes.io/no-provisioner");
        c.local("host path", "hostpath.csi.k8s.io", "kubernetes.io/host-path", "k8s.io/minikube-hostpath",
                "microk8s.io/hostpath", "docker.io/hostpath", "kubevirt.io.hostpath-provisioner",
                "kubevirt.io/hostpath-provisioner");
        c.local("Local Path Provisioner", "rancher.io/local-path");
        c.local("TopoLVM", "topolvm.io", "topolvm.cybozu.com");
        c.local("OpenEBS LocalPV", "local.csi.openebs.io", "zfs.csi.openebs.io", "openebs.io/local");
        c.local("Secrets Store CSI (tmpfs)", "secrets-store.csi.k8s.io");
        c.local("cert-manager csi-driver (tmpfs)", "csi.cert-manager.io");
        c.local("OpenEBS Rawfile LocalPV", "rawfile.csi.openebs.io"); // openebs rawfile-localpv README StorageClass
        c.local("Open-Local", "local.csi.alibaba.com"); // drivers.md
        c.local("Intel PMEM-CSI (persistent memory)", "pmem-csi.intel.com"); // drivers.md
        c.local("KubeVault secrets (tmpfs)", "secrets.csi.kubevault.com"); // drivers.md
        return c;
    }

    /**
     * Classifies by driver name and facts: first the signals that reveal a network filesystem whatever the driver,
     * then the catalog. Empty when the driver is unknown and no signal answers.
     */
    Optional<Answer> classify(DriverFacts facts) {
        Optional<Answer> known = facts.driver() == null ? Optional.empty() : catalogAnswer(facts);
        if (known.isPresent() && known.get().type() == StorageType.NETWORK) {
            return known; // the catalog's words name the product, which reads better than a raw parameter
        }
        Optional<Answer> signal = networkSignal(facts);
        if (signal.isPresent()) {
            return signal;
        }
        return known.isPresent() || facts.driver() == null ? known : networkName(facts.driver());
    }

    private Optional<Answer> catalogAnswer(DriverFacts facts) {
        return entry(facts.driver()).flatMap(e -> e.decide().apply(facts));
    }

    private Optional<Entry> entry(String driver) {
        Entry entry = exact.get(driver.toLowerCase(Locale.ROOT));
        if (entry != null) {
            return Optional.of(entry);
        }
        for (Map.Entry<DriverPattern, Entry> glob : globs) {
            if (glob.getKey().matches(driver)) {
                return Optional.of(glob.getValue());
            }
        }
        return Optional.empty();
    }

    /** The product name of a driver in the catalog (e.g. "NetApp Trident"), when it is one. */
    Optional<String> product(String driver) {
        return driver == null ? Optional.empty() : entry(driver).map(Entry::product);
    }

    /** Parameters and mount options that mean NFS, SMB or FUSE whoever the driver is. */
    static Optional<Answer> networkSignal(DriverFacts f) {
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
    static Optional<Answer> networkName(String driver) {
        for (String token : driver.toLowerCase(Locale.ROOT).split("[./_\\-]")) {
            if (NETWORK_NAME_TOKENS.contains(token)) {
                return Optional.of(new Answer(StorageType.NETWORK,
                        "driver " + driver + " is named after a network filesystem (" + token + ")"));
            }
        }
        return Optional.empty();
    }

    private void network(String product, String... patterns) {
        add(product, f -> Optional.of(new Answer(StorageType.NETWORK,
                "driver " + f.driver() + " serves " + product)), patterns);
    }

    private void block(String product, String... patterns) {
        add(product, f -> Optional.of(new Answer(StorageType.BLOCK, "driver " + f.driver() + " is " + product
                + ", a block device")), patterns);
    }

    private void local(String product, String... patterns) {
        add(product, f -> Optional.of(new Answer(StorageType.LOCAL, "driver " + f.driver() + " is " + product
                + ", node-local storage")), patterns);
    }

    private void depends(String product, Function<DriverFacts, Optional<Answer>> decide, String... patterns) {
        add(product, decide, patterns);
    }

    private void add(String product, Function<DriverFacts, Optional<Answer>> decide, String... patterns) {
        List<DriverPattern> list = new ArrayList<>();
        for (String p : patterns) {
            list.add(DriverPattern.of(p));
        }
        Entry entry = new Entry(List.copyOf(list), product, decide);
        for (DriverPattern p : entry.patterns()) {
            if (p.literal() != null) {
                exact.putIfAbsent(p.literal(), entry);
            } else {
                globs.add(Map.entry(p, entry));
            }
        }
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

    /** Drivers that are block unless an NFS signal (already checked by {@link #networkSignal}) said otherwise. */
    private static Optional<Answer> blockUnlessNfs(DriverFacts f, String what) {
        return Optional.of(new Answer(StorageType.BLOCK, "driver " + f.driver() + " serves " + what
                + " (no NFS parameter is set)"));
    }
}
