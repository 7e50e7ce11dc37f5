package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** mountinfo lines as the kernel writes them (show_mountinfo in fs/proc_namespace.c), parsed and classified. */
class MountInfoTest {

    private static final FilesystemCatalogue CATALOGUE = FilesystemCatalogue.builtIn();

    static Stream<Arguments> kernelLines() {
        return Stream.of(
                Arguments.of(
                        "an NFSv3 in-tree volume is network",
                        "712 29 0:58 / /var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~nfs/media rw,relatime "
                                + "shared:402 - nfs 10.0.0.5:/export/media rw,vers=3,rsize=1048576,wsize=1048576,"
                                + "namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,mountaddr=10.0.0.5,"
                                + "mountvers=3,mountport=20048,mountproto=udp,local_lock=none,addr=10.0.0.5",
                        "/var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~nfs/media",
                        "nfs",
                        "10.0.0.5:/export/media",
                        Storage.NETWORK),
                Arguments.of(
                        "an EFS CSI volume over NFS 4.1 is network",
                        "845 29 0:61 / /var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/pvc-1/mount rw,relatime "
                                + "shared:455 - nfs4 fs-0123.efs.us-east-1.amazonaws.com:/ rw,vers=4.1,hard,"
                                + "noresvport,proto=tcp,timeo=600,retrans=2,sec=sys,clientaddr=10.0.1.12",
                        "/var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/pvc-1/mount",
                        "nfs4",
                        "fs-0123.efs.us-east-1.amazonaws.com:/",
                        Storage.NETWORK),
                Arguments.of(
                        "an SMB share with spaces in its mount point and source is network",
                        "901 29 0:70 / /mnt/My\\040Share rw,relatime shared:500 - cifs //fileserver/My\\040Share "
                                + "rw,vers=3.1.1,cache=strict,username=svc,uid=0,noforceuid,addr=10.0.0.7,soft",
                        "/mnt/My Share",
                        "cifs",
                        "//fileserver/My Share",
                        Storage.NETWORK),
                Arguments.of(
                        "a CephFS subvolume mounted by the kernel client is network",
                        "950 29 0:80 /volumes/csi/csi-vol-1/abc /var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/"
                                + "pvc-2/mount rw,relatime shared:520 - ceph 10.0.0.1:6789,10.0.0.2:6789:/volumes/csi/"
                                + "csi-vol-1/abc rw,name=csi-cephfs-node,secret=<hidden>,acl,mds_namespace=myfs",
                        "/var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/pvc-2/mount",
                        "ceph",
                        "10.0.0.1:6789,10.0.0.2:6789:/volumes/csi/csi-vol-1/abc",
                        Storage.NETWORK),
                Arguments.of(
                        "a GlusterFS volume through its FUSE client is network",
                        "960 29 0:85 / /var/lib/kubelet/pods/f164/volumes/kubernetes.io~glusterfs/glusterfsvol "
                                + "rw,relatime shared:530 - fuse.glusterfs 10.240.106.152:kube_vol rw,user_id=0,"
                                + "group_id=0,default_permissions,allow_other,max_read=131072",
                        "/var/lib/kubelet/pods/f164/volumes/kubernetes.io~glusterfs/glusterfsvol",
                        "fuse.glusterfs",
                        "10.240.106.152:kube_vol",
                        Storage.NETWORK),
                Arguments.of(
                        "an FSx for Lustre volume is network",
                        "970 29 0:90 / /var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/pvc-3/mount rw,relatime "
                                + "shared:540 - lustre 172.31.1.2@tcp:/abcdefgh rw,flock,lazystatfs,encrypt",
                        "/var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/pvc-3/mount",
                        "lustre",
                        "172.31.1.2@tcp:/abcdefgh",
                        Storage.NETWORK),
                Arguments.of(
                        "an sshfs mount with a space in its path is network",
                        "980 29 0:95 / /home/me/remote\\040dir rw,nosuid,nodev,relatime shared:550 - fuse.sshfs "
                                + "me@host:/srv/my\\040data rw,user_id=1000,group_id=1000",
                        "/home/me/remote dir",
                        "fuse.sshfs",
                        "me@host:/srv/my data",
                        Storage.NETWORK),
                Arguments.of(
                        "an s3fs bucket is network",
                        "990 29 0:96 / /mnt/s3 rw,nosuid,nodev,relatime shared:560 - fuse.s3fs s3fs rw,user_id=0,"
                                + "group_id=0,allow_other",
                        "/mnt/s3",
                        "fuse.s3fs",
                        "s3fs",
                        Storage.NETWORK),
                Arguments.of(
                        "a container's overlay root filesystem is local",
                        "1000 27 0:100 / /run/containerd/io.containerd.runtime.v2.task/k8s.io/4f2a/rootfs rw,relatime "
                                + "- overlay overlay rw,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1."
                                + "overlayfs/snapshots/12/fs,upperdir=/var/lib/containerd/io.containerd.snapshotter.v1."
                                + "overlayfs/snapshots/13/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1."
                                + "overlayfs/snapshots/13/work",
                        "/run/containerd/io.containerd.runtime.v2.task/k8s.io/4f2a/rootfs",
                        "overlay",
                        "overlay",
                        Storage.LOCAL),
                Arguments.of(
                        "the root disk in ext4 is block",
                        "29 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw,discard,errors=remount-ro",
                        "/",
                        "ext4",
                        "/dev/nvme0n1p1",
                        Storage.BLOCK),
                Arguments.of(
                        "an EBS volume in xfs is block",
                        "30 29 259:3 / /var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/pvc-4/mount rw,relatime "
                                + "shared:600 - xfs /dev/nvme1n1 rw,attr2,inode64,logbufs=8,logbsize=32k,noquota",
                        "/var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~csi/pvc-4/mount",
                        "xfs",
                        "/dev/nvme1n1",
                        Storage.BLOCK),
                Arguments.of(
                        "a memory emptyDir in tmpfs is local",
                        "1010 29 0:110 / /var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~empty-dir/cache rw,relatime "
                                + "shared:610 - tmpfs tmpfs rw,size=65536k,inode64",
                        "/var/lib/kubelet/pods/6d3f/volumes/kubernetes.io~empty-dir/cache",
                        "tmpfs",
                        "tmpfs",
                        Storage.LOCAL),
                Arguments.of(
                        "a line with several optional fields still finds its separator",
                        "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 propagate_from:2 unbindable - ext3 /dev/root "
                                + "rw,errors=continue",
                        "/mnt2",
                        "ext3",
                        "/dev/root",
                        Storage.BLOCK),
                Arguments.of(
                        "a FUSE filesystem nobody listed is unknown",
                        "1100 29 0:120 / /srv/merged rw,relatime shared:700 - fuse.mergerfs disk1:disk2 rw,user_id=0",
                        "/srv/merged",
                        "fuse.mergerfs",
                        "disk1:disk2",
                        Storage.UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelLines")
    void parsesAndClassifiesLinesAsTheKernelWritesThem(
            String description, String line, String mountPoint, String fsType, String source, Storage storage)
            throws IOException {
        MountEntry entry = MountInfo.parseLine(line, 1);

        assertThat(entry.mountPoint()).isEqualTo(mountPoint);
        assertThat(entry.fsType()).isEqualTo(fsType);
        assertThat(entry.source()).isEqualTo(source);
        assertThat(CATALOGUE.classify(entry.fsType())).isEqualTo(storage);
    }

    @Test
    void decodesTabNewlineAndBackslashEscapes() {
        assertThat(MountInfo.unescape("/a\\011b\\012c\\134d\\040e")).isEqualTo("/a\tb\nc\\d e");
        assertThat(MountInfo.unescape("/not\\9escape\\04")).isEqualTo("/not\\9escape\\04");
    }

    private static MountInfo table(String... lines) throws IOException {
        return MountInfo.parse(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
    }

    @Test
    void theLongestMountPointThatIsAParentDirectoryWins() throws IOException {
        MountInfo mounts = table(
                "29 1 259:1 / / rw - ext4 /dev/sda1 rw",
                "30 29 0:50 / /data rw - nfs4 nas:/data rw",
                "31 30 0:51 / /data/local rw - xfs /dev/sdb1 rw",
                "32 29 0:52 / /data\\040base rw - tmpfs tmpfs rw");

        assertThat(mounts.covering("/data/local/app/x.db").orElseThrow().fsType())
                .isEqualTo("xfs");
        assertThat(mounts.covering("/data/app.db").orElseThrow().fsType()).isEqualTo("nfs4");
        assertThat(mounts.covering("/data").orElseThrow().fsType()).isEqualTo("nfs4");
        assertThat(mounts.covering("/data base/app.db").orElseThrow().fsType()).isEqualTo("tmpfs");
        assertThat(mounts.covering("/database/app.db").orElseThrow().fsType())
                .as("/data does not cover /database")
                .isEqualTo("ext4");
        assertThat(mounts.covering("/data//local/").orElseThrow().fsType()).isEqualTo("xfs");
    }

    @Test
    void aMountStackedOnTheSameMountPointHidesTheEarlierOne() throws IOException {
        MountInfo mounts = table(
                "29 1 259:1 / / rw - ext4 /dev/sda1 rw",
                "40 29 0:60 / /var/lib/kubelet/pods/u/volumes/kubernetes.io~nfs/v rw - ext4 /dev/sda1 rw",
                "41 40 0:61 / /var/lib/kubelet/pods/u/volumes/kubernetes.io~nfs/v rw - nfs nas:/v rw");

        assertThat(mounts.covering("/var/lib/kubelet/pods/u/volumes/kubernetes.io~nfs/v/db.sqlite")
                        .orElseThrow()
                        .source())
                .isEqualTo("nas:/v");
    }

    @Test
    void withoutARootMountAPathIsCoveredByNothing() throws IOException {
        assertThat(table("30 29 0:50 / /data rw - nfs4 nas:/data rw").covering("/srv/x"))
                .isEmpty();
    }

    @Test
    void aLineThatIsNotMountinfoIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> table("29 1 259:1 / / rw - ext4 /dev/sda1 rw", "nas:/data /data nfs4 rw 0 0"))
                .isInstanceOf(IOException.class)
                .hasMessage("line 2 of the mount table is not in mountinfo format: expected ID, parent ID, "
                        + "major:minor, root, mount point, options, optional fields, -, type, source, super options");
        assertThatThrownBy(() -> table("x 1 259:1 / / rw - ext4 /dev/sda1 rw"))
                .isInstanceOf(IOException.class)
                .hasMessage("line 1 of the mount table has no numeric mount IDs");
    }

    @Test
    void aLineLongerThanAnyMountLineIsRefusedWithoutReadingItWhole() {
        String huge = "1 0 0:1 / /" + "a".repeat(MountInfo.MAX_LINE_LENGTH) + " rw - ext4 /dev/sda rw";
        assertThatThrownBy(() -> table(huge))
                .isInstanceOf(IOException.class)
                .hasMessage("a line of the mount table is longer than 16384 characters");
    }
}
