package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the node agent saw, laid over the API objects: every case's objects say block or local, the observations in
 * ObservedStorageTest/cluster.yaml say where that is not so.
 */
class ObservedStorageTest {

    private static final String TEST = "ObservedStorageTest";
    private static final String NAS = "nfs4 from nas.lan:/volume1/k8s, mounted at /mnt/nas, holds host path ";

    private final WorkloadEvaluator evaluator = new WorkloadEvaluator(PolicySettings.defaults());

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "a hostPath on an NFS mount of the node the pod is bound to violates WAL001",
                        "hostpath-on-nfs-of-bound-node",
                        "observed on node worker-1: " + NAS + "/mnt/nas/apps/sonarr"),
                Arguments.of(
                        "a hostPath that climbs with .. and repeated slashes into the NFS mount violates WAL001",
                        "hostpath-climbing-into-nfs",
                        "observed on node worker-1: " + NAS + "/opt/../mnt//nas/./apps"),
                Arguments.of(
                        "an unbound Deployment's hostPath on an NFS mount of some node violates WAL001",
                        "hostpath-on-nfs-of-any-node",
                        "observed on node worker-1 (the pod may be scheduled there): " + NAS + "/mnt/nas/apps/sonarr"),
                Arguments.of(
                        "a hostPath on a local disk mounted inside the NFS mount is not on NFS",
                        "hostpath-on-disk-inside-nfs",
                        null),
                Arguments.of(
                        "a hostPath whose name only starts like the NFS mount point is not on it",
                        "hostpath-named-like-the-mount",
                        null),
                Arguments.of(
                        "a pod bound to a node without the NFS mount is not on NFS",
                        "hostpath-on-node-without-the-mount",
                        null),
                Arguments.of(
                        "a pod bound to a node that published nothing is not judged by other nodes",
                        "hostpath-unknown-node",
                        null),
                Arguments.of("an expired observation never denies on its own", "hostpath-on-expired-observation", null),
                Arguments.of(
                        "a claim whose volume a running pod has on NFS violates WAL001 though its class is EBS",
                        "claim-observed-on-nfs",
                        "observed on node worker-1: nfs4 from fs-0123.efs.us-east-1.amazonaws.com:/ "
                                + "(pod sonarr-6d8f9-x2k4p)"),
                Arguments.of(
                        "a local-path PV whose directory lies on the NFS mount of its node violates WAL001",
                        "local-path-pv-on-nfs",
                        "observed on node worker-1: " + NAS
                                + "/mnt/nas/local-path-provisioner/pvc-77aa_media_radarr-config (PersistentVolume "
                                + "pvc-77aa)"),
                Arguments.of(
                        "a local PV on a disk mounted inside the NFS mount is not on NFS",
                        "local-pv-on-disk-inside-nfs",
                        null),
                Arguments.of(
                        "a StatefulSet whose claim from its template is observed on SMB violates WAL001",
                        "statefulset-claim-observed-on-smb",
                        "observed on node worker-2: cifs from //files.lan/vault (pod vaultwarden-0)"),
                Arguments.of(
                        "a running bare Pod's emptyDir on a diskless node's NFS root violates WAL001",
                        "bare-pod-inline-volume-observed-on-nfs",
                        "observed on node worker-1: nfs from pxe.lan:/diskless/worker-1"),
                Arguments.of(
                        "a running bare Pod's emptyDir observed on a disk is not on NFS",
                        "bare-pod-inline-volume-observed-on-disk",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void observationsDecide(String description, String caseName, String observed) {
        List<Finding> findings =
                evaluator.evaluate(Fixtures.workload(TEST, caseName), Fixtures.cluster(TEST, caseName));

        if (observed == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).hasSize(1);
            assertThat(findings.get(0).rule()).isEqualTo(RuleId.WAL001);
            assertThat(findings.get(0).severity()).isEqualTo(Severity.VIOLATION);
            assertThat(findings.get(0).message())
                    .contains("because it is a network filesystem: " + observed + ". Its hosts do not share");
        }
    }

    @Test
    void theWholeMessageNamesTheNodeTheFilesystemAndThePod() {
        List<Finding> findings = evaluator.evaluate(
                Fixtures.workload(TEST, "claim-observed-on-nfs"), Fixtures.cluster(TEST, "claim-observed-on-nfs"));

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).message())
                .isEqualTo(
                        "WAL001 Deployment media/sonarr container sonarr cannot keep a SQLite WAL database on volume "
                                + "\"config\" (claim sonarr-config, StorageClass gp3, driver ebs.csi.aws.com) because it is a "
                                + "network filesystem: observed on node worker-1: nfs4 from "
                                + "fs-0123.efs.us-east-1.amazonaws.com:/ (pod sonarr-6d8f9-x2k4p). Its hosts do not share the "
                                + "memory-mapped, fcntl-locked -shm wal-index, so the database corrupts. Volume \"config\" is "
                                + "checked because no walguard.dev/volumes or walguard.dev/paths annotation narrows "
                                + "the scope. Fix: Name the database volumes in walguard.dev/volumes or "
                                + "walguard.dev/paths, or use a ReadWriteOnce claim on a block or local StorageClass such as \"gp3\" or \"local-path\".");
    }

    @ParameterizedTest(name = "{0} has no finding without the node agent")
    @ValueSource(
            strings = {
                "hostpath-on-nfs-of-bound-node",
                "claim-observed-on-nfs",
                "local-path-pv-on-nfs",
                "statefulset-claim-observed-on-smb"
            })
    void withoutObservationsTheObjectsAloneDecide(String caseName) {
        List<HasMetadata> objects = new ArrayList<>();
        new ManifestReader().read(Fixtures.dir(TEST).resolve("cluster.yaml")).forEach(m -> objects.add(m.object()));
        objects.removeIf(o -> "NodeObservation".equals(o.getKind()));
        SnapshotClusterView view = new SnapshotClusterView(objects);

        assertThat(view.observations().isEmpty()).isTrue();
        assertThat(evaluator.evaluate(Fixtures.workload(TEST, caseName), view)).isEmpty();
    }
}
