package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** WAL008 on the cluster of ObservedStorageTest, where the agent found WAL databases on two network volumes. */
class ObservedWalDatabasesTest {

    private static List<HasMetadata> objects() {
        List<HasMetadata> objects = new ArrayList<>();
        new ManifestReader()
                .read(Fixtures.dir("ObservedStorageTest").resolve("cluster.yaml"))
                .forEach(m -> objects.add(m.object()));
        return objects;
    }

    @Test
    void eachLiveWalDatabaseOnANetworkVolumeIsReportedOnTheWorkloadThatOwnsThePod() {
        List<ObservedWalDatabases.Sighting> sightings =
                ObservedWalDatabases.find(new SnapshotClusterView(objects()), Exceptions.WARNINGS);

        assertThat(sightings)
                .extracting(s -> s.namespace() + " " + s.kind() + " " + s.apiVersion() + " " + s.name() + " " + s.uid()
                        + " " + s.claim())
                .containsExactly(
                        "media Deployment apps/v1 sonarr d-1 sonarr-config",
                        "media StatefulSet apps/v1 vaultwarden s-1 data-vaultwarden-0");
        Finding sonarr = sightings.get(0).finding();
        assertThat(sonarr.rule()).isEqualTo(RuleId.WAL008);
        assertThat(sonarr.severity()).isEqualTo(Severity.VIOLATION);
        assertThat(sonarr.volume()).isEqualTo("config");
        assertThat(sonarr.containers()).containsExactly("sonarr");
        assertThat(sonarr.message())
                .isEqualTo("WAL008 Deployment media/sonarr cannot keep its SQLite WAL database \"sonarr.db\" and "
                        + "\"logs.db\" on volume \"config\" (claim sonarr-config, StorageClass gp3) because it is a "
                        + "network filesystem, observed on node worker-1: nfs4 from "
                        + "fs-0123.efs.us-east-1.amazonaws.com:/ (pod sonarr-6d8f9-x2k4p). The node agent found the "
                        + "database in WAL mode there; its hosts do not share the memory-mapped, fcntl-locked -shm "
                        + "wal-index, so it corrupts. No walguard rule checked this volume at admission: neither "
                        + "walguard.dev/sqlite-wal with walguard.dev/volumes or walguard.dev/paths nor a catalogued "
                        + "image covers it. Fix: Move the database to a ReadWriteOnce claim on a block or local "
                        + "StorageClass, and mark the workload with walguard.dev/sqlite-wal: \"true\" so admission "
                        + "checks it from now on.");
        assertThat(sonarr.summary())
                .isEqualTo("Deployment media/sonarr has a live SQLite WAL database on network volume \"config\" "
                        + "(node worker-1).");
    }

    /** The sonarr sighting's workload, after {@code change} has edited the cluster's objects. */
    private static String sonarrWorkload(Consumer<List<HasMetadata>> change) {
        List<HasMetadata> objects = objects();
        change.accept(objects);
        ObservedWalDatabases.Sighting s = ObservedWalDatabases.find(
                        new SnapshotClusterView(objects), Exceptions.WARNINGS)
                .get(0);
        return s.kind() + " " + s.apiVersion() + " " + s.name() + " " + s.uid();
    }

    private static HasMetadata replicaSet(List<HasMetadata> objects) {
        return objects.stream()
                .filter(o -> "ReplicaSet".equals(o.getKind()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theWorkloadIsReferredToAsItsOwnerReferenceNamesItSoReportsAndEventsFindIt() {
        assertThat(sonarrWorkload(objects -> {})).isEqualTo("Deployment apps/v1 sonarr d-1");
        // A custom controller's kind and version come from its reference, not from a list walguard keeps.
        assertThat(sonarrWorkload(objects -> replicaSet(objects)
                        .getMetadata()
                        .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                                .withApiVersion("argoproj.io/v1alpha1")
                                .withKind("Rollout")
                                .withName("sonarr")
                                .withUid("r-1")
                                .withController(true)
                                .build()))))
                .isEqualTo("Rollout argoproj.io/v1alpha1 sonarr r-1");
        // The ReplicaSet not cached yet: the Deployment is known from the pod-template-hash, its uid is not.
        assertThat(sonarrWorkload(objects -> objects.remove(replicaSet(objects))))
                .isEqualTo("Deployment apps/v1 sonarr null");
        // A bare pod is its own workload.
        assertThat(sonarrWorkload(objects -> objects.stream()
                        .filter(o ->
                                o instanceof Pod p && p.getMetadata().getName().startsWith("sonarr"))
                        .forEach(o -> o.getMetadata().setOwnerReferences(List.of()))))
                .isEqualTo("Pod v1 sonarr-6d8f9-x2k4p 0f7c3a5e-0001-4000-8000-000000000001");
    }

    @Test
    void aPodsIgnoreWithAReasonSetsItAsideWhereAdminsAllowViolationsToBeIgnored() {
        List<HasMetadata> objects = objects();
        Pod pod = objects.stream()
                .filter(o -> o instanceof Pod p && p.getMetadata().getName().startsWith("sonarr"))
                .map(Pod.class::cast)
                .findFirst()
                .orElseThrow();
        pod.getMetadata()
                .setAnnotations(Map.of(
                        RuleExceptions.IGNORE, "WAL008", RuleExceptions.IGNORE_REASON, "migrating to EBS this week"));
        SnapshotClusterView view = new SnapshotClusterView(objects);

        assertThat(ObservedWalDatabases.find(view, Exceptions.ALL)
                        .get(0)
                        .finding()
                        .ignoreReason())
                .isEqualTo("migrating to EBS this week");
        Finding kept =
                ObservedWalDatabases.find(view, Exceptions.WARNINGS).get(0).finding();
        assertThat(kept.ignoreReason()).isNull();
        assertThat(kept.rule()).isEqualTo(RuleId.WAL008);
    }

    @Test
    void nothingIsReportedWithoutObservationsOrForPodsTheViewDoesNotKnow() {
        List<HasMetadata> withoutPods = new ArrayList<>(objects());
        withoutPods.removeIf(o -> o instanceof Pod);
        List<HasMetadata> withoutObservations = new ArrayList<>(objects());
        withoutObservations.removeIf(o -> "NodeObservation".equals(o.getKind()));

        assertThat(ObservedWalDatabases.find(new SnapshotClusterView(withoutPods), Exceptions.WARNINGS))
                .isEmpty();
        assertThat(ObservedWalDatabases.find(new SnapshotClusterView(withoutObservations), Exceptions.WARNINGS))
                .isEmpty();
    }
}
