package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule, kind and volume source, one case each. Fixtures: WorkloadEvaluatorTest/<case>.yaml (the workload) on
 * top of WorkloadEvaluatorTest/cluster.yaml.
 */
class WorkloadEvaluatorTest {

    private static final String TEST = "WorkloadEvaluatorTest";
    private final WorkloadEvaluator evaluator = new WorkloadEvaluator(PolicySettings.defaults());

    static Stream<Arguments> cases() {
        return Stream.of(
                // kinds
                Arguments.of("a Pod on a block-backed claim has no findings", "pod-on-block-claim", List.of()),
                Arguments.of(
                        "a Deployment on an NFS claim violates WAL001",
                        "deployment-on-nfs-claim",
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "a DaemonSet on an NFS claim violates WAL001",
                        "daemonset-on-nfs-claim",
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "a ReplicaSet on an NFS claim violates WAL001",
                        "replicaset-on-nfs-claim",
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "a ReplicationController on an NFS claim violates WAL001",
                        "replicationcontroller-on-nfs-claim",
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "a Job on an NFS claim violates WAL001", "job-on-nfs-claim", List.of("WAL001 violation data")),
                Arguments.of(
                        "a CronJob on a claim of an unknown driver warns WAL003",
                        "cronjob-on-mystery-claim",
                        List.of("WAL003 warning data")),
                Arguments.of(
                        "a StatefulSet claim template on an NFS class violates WAL001",
                        "statefulset-template-on-nfs-class",
                        List.of("WAL001 violation state")),
                Arguments.of(
                        "any kind with a pod template, like an Argo Rollout, is evaluated",
                        "argo-rollout-on-nfs-claim",
                        List.of("WAL001 violation data")),
                // marking
                Arguments.of(
                        "the marking on the workload's own metadata counts",
                        "marking-on-workload-metadata-only",
                        List.of("WAL001 violation data")),
                Arguments.of("sqlite-wal \"false\" is not marked", "unmarked-false-value", List.of()),
                Arguments.of(
                        "a sqlite-wal value other than true or false marks and warns WAL000",
                        "invalid-marking-value",
                        List.of("WAL000 warning")),
                Arguments.of(
                        "a volumes annotation naming a missing volume warns WAL000",
                        "volumes-annotation-names-missing-volume",
                        List.of("WAL000 warning db")),
                Arguments.of(
                        "a volumes annotation naming a configMap warns WAL000",
                        "volumes-annotation-names-configmap",
                        List.of("WAL000 warning settings")),
                Arguments.of("a relative path warns WAL000", "relative-path", List.of("WAL000 warning")),
                Arguments.of("a path on no volume warns WAL005", "path-on-no-volume", List.of("WAL005 warning")),
                Arguments.of(
                        "a path selects only the volume with the longest mount prefix",
                        "path-selects-longest-mount-prefix",
                        List.of()),
                Arguments.of(
                        "a path under a nested mount selects the nested volume",
                        "path-under-nested-mount-selects-it",
                        List.of("WAL001 violation media")),
                Arguments.of(
                        "a path is resolved (., .., //) before it is matched",
                        "path-with-dot-segments-selects-the-right-volume",
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "a path that climbs above / warns WAL000 and selects nothing",
                        "path-climbing-above-root-selects-nothing",
                        List.of("WAL000 warning")),
                Arguments.of(
                        "a mountPath is resolved (., .., //) before it is matched",
                        "mount-path-with-dot-segments-and-slashes",
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "a mountPath that climbs above / stays at /, as the runtime mounts it",
                        "mount-path-climbing-above-root-stays-at-root",
                        List.of("WAL001 violation data")),
                Arguments.of(
                        "all paths on no volume are one WAL005",
                        "paths-on-no-volume-are-one-finding",
                        List.of("WAL005 warning")),
                Arguments.of(
                        "all paths on one configMap are one WAL000",
                        "path-entries-on-a-configmap-are-one-finding",
                        List.of("WAL000 warning settings")),
                Arguments.of(
                        "without volumes or paths every mounted volume is in scope",
                        "every-mounted-volume-without-selection",
                        List.of("WAL001 violation media")),
                Arguments.of(
                        "configMap, secret and projected volumes are never in scope",
                        "configmap-and-secret-never-in-scope",
                        List.of()),
                // volume sources
                Arguments.of(
                        "an inline NFS volume violates WAL001", "inline-nfs-volume", List.of("WAL001 violation data")),
                Arguments.of("an inline emptyDir is local", "inline-emptydir-volume", List.of()),
                Arguments.of(
                        "a generic ephemeral volume on an NFS class violates WAL001",
                        "ephemeral-volume-on-nfs-class",
                        List.of("WAL001 violation scratch")),
                Arguments.of(
                        "a claim that does not exist warns WAL003", "claim-not-found", List.of("WAL003 warning data")),
                // access
                Arguments.of(
                        "a readOnly mount named in volumes warns WAL004",
                        "readonly-mount",
                        List.of("WAL004 warning data")),
                Arguments.of(
                        "a volume every container mounts readOnly is out of the implicit scope",
                        "jellyfin-with-readonly-nfs-media-and-config-on-block",
                        List.of()),
                Arguments.of(
                        "a readOnly NFS volume named in volumes violates WAL001 and warns WAL004",
                        "jellyfin-naming-readonly-nfs-media-in-volumes",
                        List.of("WAL001 violation media", "WAL004 warning media")),
                Arguments.of("a ReadOnlyMany claim warns WAL004", "readonlymany-claim", List.of("WAL004 warning data")),
                // identity within the pod
                Arguments.of(
                        "two containers with different UIDs violate WAL002",
                        "two-containers-different-uids",
                        List.of("WAL002 violation data")),
                Arguments.of(
                        "a native sidecar with another UID violates WAL002",
                        "sidecar-init-container-different-uid",
                        List.of("WAL002 violation data")),
                Arguments.of(
                        "a native sidecar without runAsUser beside the app warns WAL006",
                        "native-sidecar-without-runasuser-beside-the-app",
                        List.of("WAL006 warning data")),
                // init containers that run to completion before the app
                Arguments.of(
                        "an init container running as root before the app is no party",
                        "init-container-as-root-before-the-app",
                        List.of()),
                Arguments.of(
                        "an init container whose image picks the UID before the app is no party",
                        "init-container-without-runasuser-before-the-app",
                        List.of()),
                Arguments.of(
                        "an init container running as another UID before the app violates WAL002",
                        "init-container-as-another-uid-before-the-app",
                        List.of("WAL002 violation data")),
                Arguments.of(
                        "an init container running as a UID before an app whose image picks its UID warns WAL006",
                        "init-container-as-another-uid-before-an-app-whose-image-picks-its-uid",
                        List.of("WAL006 warning data")),
                Arguments.of(
                        "an init container running as another UID that shares the app's fsGroup is a WAL002 warning",
                        "init-container-as-another-uid-sharing-fsgroup",
                        List.of("WAL002 warning data")),
                Arguments.of(
                        "a mismatch whose only other party is root is a WAL002 warning",
                        "root-and-one-uid",
                        List.of("WAL002 warning data")),
                Arguments.of(
                        "different UIDs sharing an fsGroup are a WAL002 warning",
                        "different-uids-sharing-fsgroup",
                        List.of("WAL002 warning data")),
                Arguments.of("a container inherits the pod's runAsUser", "container-overrides-pod-uid", List.of()),
                Arguments.of(
                        "a container without runAsUser beside one with it warns WAL006",
                        "one-container-without-runasuser",
                        List.of("WAL006 warning data")),
                Arguments.of(
                        "containers without runAsUser running one image have no findings",
                        "no-runasuser-same-image",
                        List.of()),
                Arguments.of(
                        "containers without runAsUser running different images warn WAL006",
                        "no-runasuser-different-images",
                        List.of("WAL006 warning data")),
                // subPath: only mounts that see each other's files share a database
                Arguments.of(
                        "apps on disjoint subPaths of one claim under different UIDs have no findings",
                        "apps-on-disjoint-subpaths-of-one-claim-under-different-uids",
                        List.of()),
                Arguments.of(
                        "apps on the same subPath under different UIDs violate WAL002",
                        "apps-on-the-same-subpath-under-different-uids",
                        List.of("WAL002 violation config")),
                Arguments.of(
                        "an app on an ancestor subPath shares the database and violates WAL002",
                        "app-on-an-ancestor-subpath-shares-the-database",
                        List.of("WAL002 violation data")),
                Arguments.of(
                        "pods of two Deployments on disjoint subPaths of one claim have no findings",
                        "pods-of-two-deployments-on-disjoint-subpaths-of-one-claim",
                        List.of()),
                Arguments.of(
                        "a subPathExpr of one pod does not overlap another pod's",
                        "subpathexpr-per-pod-does-not-overlap-across-pods",
                        List.of()),
                Arguments.of(
                        "a subPathExpr under another pod's plain subPath violates WAL002",
                        "subpathexpr-under-a-plain-subpath-of-another-pod",
                        List.of("WAL002 violation state")),
                // walguard.dev/paths under a subPath: the file is at subPath + the rest of the path
                Arguments.of(
                        "a path under a subPath is not shared with a mount below that subPath",
                        "path-under-a-subpath-is-not-shared-with-a-mount-below-it",
                        List.of()),
                Arguments.of(
                        "a path under a subPath is shared with a mount of the volume root",
                        "path-under-a-subpath-is-shared-with-a-mount-of-the-volume-root",
                        List.of("WAL002 violation data")),
                Arguments.of(
                        "a path lands under each container's own subPath, so the apps keep two databases",
                        "path-lands-under-each-containers-own-subpath",
                        List.of()),
                // identity across pods
                Arguments.of(
                        "a pod joining a shared claim with another UID violates WAL002",
                        "pod-joins-shared-claim-with-other-uid",
                        List.of("WAL002 violation data")),
                Arguments.of(
                        "a pod joining a shared claim with the same UID has no findings",
                        "pod-joins-shared-claim-with-same-uid",
                        List.of()),
                Arguments.of(
                        "a pod of the same Deployment is not another party",
                        "pod-of-same-deployment-is-not-another-party",
                        List.of()),
                Arguments.of(
                        "a rollout of the Deployment to another UID is not held against itself",
                        "rollout-of-same-deployment-changes-uid",
                        List.of()),
                Arguments.of(
                        "a pod of a ReplicaSet not cached yet belongs to its Deployment by pod-template-hash",
                        "new-replicaset-not-cached-yet-is-same-deployment",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findings(String description, String caseName, List<String> expected) {
        Workload workload = Fixtures.workload(TEST, caseName);

        List<Finding> findings = evaluator.evaluate(workload, Fixtures.cluster(TEST, caseName));

        assertThat(Fixtures.summary(findings)).containsExactlyElementsOf(expected);
    }

    @Test
    void unknownStorageDenyMakesWal003AViolation() {
        WorkloadEvaluator strict = new WorkloadEvaluator(
                new PolicySettings(Mode.ENFORCE, Set.of(), UnknownStorage.DENY, StoragePatterns.NONE));

        List<Finding> findings =
                strict.evaluate(Fixtures.workload(TEST, "cronjob-on-mystery-claim"), Fixtures.cluster(TEST, null));

        assertThat(Fixtures.summary(findings)).containsExactly("WAL003 violation data");
    }

    @Test
    void configuredPatternReclassifiesADriver() {
        WorkloadEvaluator custom = new WorkloadEvaluator(new PolicySettings(
                Mode.ENFORCE,
                Set.of(),
                UnknownStorage.WARN,
                StoragePatterns.of(List.of("example.com/*"), List.of(), List.of())));

        List<Finding> findings =
                custom.evaluate(Fixtures.workload(TEST, "cronjob-on-mystery-claim"), Fixtures.cluster(TEST, null));

        assertThat(Fixtures.summary(findings)).containsExactly("WAL001 violation data");
        assertThat(findings.get(0).reason())
                .contains("driver example.com/mystery matches walguard.storage.network " + "pattern \"example.com/*\"");
    }

    @Test
    void networkFilesystemFindingNamesEverythingAndSuggestsSafeClasses() {
        Finding f = evaluator
                .evaluate(Fixtures.workload(TEST, "deployment-on-nfs-claim"), Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.message())
                .isEqualTo("WAL001 Deployment app/web container app cannot keep a SQLite WAL database "
                        + "on volume \"data\" (claim data-nfs, StorageClass nfs, driver nfs.csi.k8s.io) because it is a "
                        + "network filesystem: driver nfs.csi.k8s.io serves NFS (csi-driver-nfs). Its hosts do not share the "
                        + "memory-mapped, fcntl-locked -shm wal-index, so the database corrupts. Volume \"data\" is "
                        + "checked because no walguard.dev/volumes or walguard.dev/paths annotation narrows the scope. "
                        + "Fix: Name the database volumes in walguard.dev/volumes or walguard.dev/paths, or use a "
                        + "ReadWriteOnce claim on a block or local StorageClass such as \"block\" or \"local\".");
        assertThat(f.workload()).isEqualTo("Deployment app/web");
        assertThat(f.claim()).isEqualTo("data-nfs");
        assertThat(f.storageClass()).isEqualTo("nfs");
        assertThat(f.driver()).isEqualTo("nfs.csi.k8s.io");
        assertThat(f.containers()).containsExactly("app");
    }

    @Test
    void crossPodMismatchNamesTheOtherPodAndIgnoresTerminatedAndUnmarkedPods() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "pod-joins-shared-claim-with-other-uid"), Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.containers()).containsExactly("app", "app/other-7c9d-abcde/other");
        assertThat(f.message())
                .isEqualTo("WAL002 Pod app/reader cannot share the SQLite WAL database on volume "
                        + "\"data\" (claim shared, StorageClass local, driver rancher.io/local-path) between container app "
                        + "(uid 2000) and pod app/other-7c9d-abcde container other (uid 1000) because they run as different "
                        + "UIDs with no common group: -shm and -wal belong to whoever opens the database first, and the "
                        + "others fail with SQLITE_READONLY. Volume \"data\" is checked because no walguard.dev/volumes "
                        + "or walguard.dev/paths annotation narrows the scope. Fix: Name the database volumes in "
                        + "walguard.dev/volumes or walguard.dev/paths, or run every container that opens the database "
                        + "with the same runAsUser, or give them all a common fsGroup or supplemental group.");
    }

    @Test
    void sameSubPathWrittenTwoWaysIsOneDatabase() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "apps-on-the-same-subpath-under-different-uids"),
                        Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.containers()).containsExactly("sonarr", "backup");
        assertThat(f.message())
                .isEqualTo("WAL002 Deployment app/arr cannot share the SQLite WAL database on volume "
                        + "\"config\" (claim data-block, StorageClass block, driver ebs.csi.aws.com) at subPath "
                        + "apps/sonarr between container sonarr (uid 1000) and container backup (uid 2000) because they "
                        + "run as different UIDs with no common group: -shm and -wal belong to whoever opens the database "
                        + "first, and the others fail with SQLITE_READONLY. Volume \"config\" is checked because no "
                        + "walguard.dev/volumes or walguard.dev/paths annotation narrows the scope. Fix: Name the "
                        + "database volumes in walguard.dev/volumes or walguard.dev/paths, or run every container that "
                        + "opens the database with the same runAsUser, or give them all a common fsGroup or "
                        + "supplemental group.");
    }

    @Test
    void anInitContainerAsAnotherUidIsDescribedAsRunningBeforeTheApp() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "init-container-as-another-uid-before-the-app"),
                        Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.containers()).containsExactly("a", "b");
        assertThat(f.reason())
                .isEqualTo("Pod app/web cannot prepare the SQLite WAL database on volume \"data\" (claim data-block, "
                        + "StorageClass block, driver ebs.csi.aws.com) for init container a (uid 2000, runs before the "
                        + "app) and container b (uid 1000) because they run as different UIDs with no common group: "
                        + "files an init container creates there before the app starts (the database, or a -wal and "
                        + "-shm it leaves) belong to its UID, and the app then fails with \"attempt to write a readonly "
                        + "database\". Volume \"data\" is checked because no walguard.dev/volumes or "
                        + "walguard.dev/paths annotation narrows the scope.");
        assertThat(f.fix())
                .isEqualTo("Name the database volumes in walguard.dev/volumes or walguard.dev/paths, or run the init "
                        + "container with the app's runAsUser, or give them a common fsGroup or supplemental group.");
    }

    @Test
    void aFixNeverOffersTheGroupThePartiesAlreadyShare() {
        Finding root = evaluator
                .evaluate(Fixtures.workload(TEST, "root-and-one-uid-sharing-fsgroup"), Fixtures.cluster(TEST, null))
                .get(0);
        Finding image = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "native-sidecar-without-runasuser-beside-the-app"),
                        Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(root.rule()).isEqualTo(RuleId.WAL002);
        assertThat(root.fix())
                .isEqualTo("Name the database volumes in walguard.dev/volumes or walguard.dev/paths, or prefer one "
                        + "runAsUser for every container that opens the database.");
        assertThat(image.rule()).isEqualTo(RuleId.WAL006);
        assertThat(image.reason())
                .contains("container litestream (uid set by image litestream/litestream:0.3.13) and container app "
                        + "(uid 1000); they share group 1000, which helps only while -shm and -wal stay "
                        + "group-writable.");
        assertThat(image.fix())
                .isEqualTo("Name the database volumes in walguard.dev/volumes or walguard.dev/paths, or set runAsUser "
                        + "explicitly in the pod or container securityContext.");
    }

    @Test
    void aPathUnderASubPathNamesTheFileOnTheVolumeAndNoImplicitScope() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "path-under-a-subpath-is-shared-with-a-mount-of-the-volume-root"),
                        Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.message())
                .isEqualTo("WAL002 Pod app/web cannot share the SQLite WAL database on volume \"data\" (claim "
                        + "data-block, StorageClass block, driver ebs.csi.aws.com) at app/app.db on the volume between "
                        + "container app (uid 1000) and container backup (uid 2000) because they run as different UIDs "
                        + "with no common group: -shm and -wal belong to whoever opens the database first, and the "
                        + "others fail with SQLITE_READONLY. Fix: Run every container that opens the database with the "
                        + "same runAsUser, or give them all a common fsGroup or supplemental group.");
    }

    @Test
    void ancestorSubPathIsHeldAgainstTheAppBelowItButNotAgainstASiblingPrefix() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "app-on-an-ancestor-subpath-shares-the-database"),
                        Fixtures.cluster(TEST, null))
                .get(0);

        // son is not an ancestor of sonarr: container son is in no group with sonarr.
        assertThat(f.containers()).containsExactly("sonarr", "indexer");
    }

    @Test
    void subPathExprUnderAnotherPodsSubPathNamesThatPod() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "subpathexpr-under-a-plain-subpath-of-another-pod"),
                        Fixtures.cluster(TEST, "subpathexpr-under-a-plain-subpath-of-another-pod"))
                .get(0);

        assertThat(f.containers()).containsExactly("app", "app/janitor/app");
    }

    @Test
    void readOnlyNfsVolumeNamedInVolumesIsCheckedAsNamed() {
        List<Finding> findings = evaluator.evaluate(
                Fixtures.workload(TEST, "jellyfin-naming-readonly-nfs-media-in-volumes"), Fixtures.cluster(TEST, null));

        assertThat(findings.get(1).message())
                .isEqualTo("WAL004 Deployment app/jellyfin container jellyfin cannot "
                        + "read the SQLite WAL database on volume \"media\" reliably because the volumeMount sets readOnly: "
                        + "true, and WAL readers need write access to -shm. Fix: Mount the volume read-write, or open the "
                        + "database with immutable=1 if it never changes.");
    }

    @Test
    void pathOnNoVolumeSaysWhereToMount() {
        Finding f = evaluator
                .evaluate(Fixtures.workload(TEST, "path-on-no-volume"), Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.message())
                .isEqualTo("WAL005 Pod app/web keeps database /var/lib/app/app.db on no volume, so it "
                        + "lives in the container's writable layer and is lost when the container restarts. Fix: Mount a "
                        + "volume at /var/lib/app (or a parent directory) backed by a block or local StorageClass.");
    }

    @Test
    void pathClimbingAboveRootNamesTheEntry() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "path-climbing-above-root-selects-nothing"),
                        Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.message())
                .isEqualTo("WAL000 annotation walguard.dev/paths entry \"/../data/app.db\" of Pod "
                        + "app/web climbs above / with \"..\", so it names no file and is ignored. Fix: Write the path without "
                        + "\"..\" segments that climb above /, such as /var/lib/app/app.db.");
    }

    @Test
    void pathsOnNoVolumeAreNamedInOneFinding() {
        Finding f = evaluator
                .evaluate(Fixtures.workload(TEST, "paths-on-no-volume-are-one-finding"), Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.message())
                .isEqualTo("WAL005 Pod app/web keeps databases /var/lib/app/app.db, "
                        + "/var/lib/app/cache.db and /srv/jobs.db on no volume, so they live in the container's writable "
                        + "layer and are lost when the container restarts. Fix: Mount volumes at /var/lib/app and /srv (or "
                        + "parent directories) backed by a block or local StorageClass.");
        assertThat(f.containers()).containsExactly("app", "sidecar");
    }

    @Test
    void pathEntriesOnAReadOnlyVolumeAreCountedInOneFinding() {
        Finding f = evaluator
                .evaluate(
                        Fixtures.workload(TEST, "path-entries-on-a-configmap-are-one-finding"),
                        Fixtures.cluster(TEST, null))
                .get(0);

        assertThat(f.message())
                .isEqualTo("WAL000 annotation walguard.dev/paths entry /etc/app/a.db (and 2 more) "
                        + "lies on volume \"settings\" of Pod app/web, a read-only configMap volume that cannot hold a SQLite "
                        + "database. Fix: Point the annotation at the volume that holds the database.");
    }

    @Test
    void unmarkedWorkloadIsNotLookedInto() {
        Workload workload = Fixtures.workload(TEST, "unmarked-false-value");

        assertThat(evaluator.evaluate(workload, new FailingClusterView())).isEmpty();
    }
}
