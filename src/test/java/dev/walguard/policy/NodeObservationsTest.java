package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.policy.ObservedNode.ObservedMount;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading published observations, their expiry, and the host path lookup. */
class NodeObservationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final NodeObservations observations = new NodeObservations(Clock.fixed(NOW, ZoneOffset.UTC));

    private static ObservedNode node(String name, Instant expiresAt, ObservedMount... mounts) {
        return new ObservedNode(name, NOW.minusSeconds(60), expiresAt, List.of(), List.of(mounts));
    }

    private static ObservedMount nfs(String point) {
        return new ObservedMount(point, "nfs4", "nas:/export", true);
    }

    private static ObservedMount disk(String point) {
        return new ObservedMount(point, "ext4", "/dev/sdb1", false);
    }

    static Stream<Arguments> hostPaths() {
        return Stream.of(
                Arguments.of("a path below the NFS mount is on it", "/mnt/nas/app", "a", "/mnt/nas"),
                Arguments.of("the mount point itself is on it", "/mnt/nas", "a", "/mnt/nas"),
                Arguments.of("a trailing slash changes nothing", "/mnt/nas/", "a", "/mnt/nas"),
                Arguments.of("a path beside the mount is not on it", "/mnt/nasty", "a", null),
                Arguments.of("a parent of the mount point is not on it", "/mnt", "a", null),
                Arguments.of("a disk mounted inside the NFS mount is not on NFS", "/mnt/nas/disk/app", "a", null),
                Arguments.of("the disk's own mount point is not on NFS", "/mnt/nas/disk", "a", null),
                Arguments.of(
                        "an NFS mount inside that disk is on NFS again",
                        "/mnt/nas/disk/nfs/db",
                        "a",
                        "/mnt/nas/disk/nfs"),
                Arguments.of(".. is resolved before the lookup", "/srv/../mnt/nas/app", "a", "/mnt/nas"),
                Arguments.of(".. above the root stays at the root", "/../../mnt/nas", "a", "/mnt/nas"),
                Arguments.of("a node without the mount is not on it", "/mnt/nas/app", "b", null),
                Arguments.of("an expired node counts for nothing", "/data/app", "old", null),
                Arguments.of("any node: the first node by name that has it", "/mnt/nas/app", null, "/mnt/nas"),
                Arguments.of("a relative path is taken from the root", "mnt/nas/app", "a", "/mnt/nas"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostPaths")
    void findsTheMountThatHoldsAHostPath(String description, String path, String onNode, String expected) {
        observations.put(
                node("a", NOW.plusSeconds(900), nfs("/mnt/nas"), disk("/mnt/nas/disk"), nfs("/mnt/nas/disk/nfs")));
        observations.put(node("b", NOW.plusSeconds(900), nfs("/srv")));
        observations.put(node("old", NOW.minusSeconds(1), nfs("/data")));

        var found = observations.networkMountHolding(path, onNode == null ? null : Set.of(onNode));

        assertThat(found.map(s -> s.mount().mountPoint())).isEqualTo(java.util.Optional.ofNullable(expected));
        found.ifPresent(s -> assertThat(s.node().node()).isEqualTo("a"));
    }

    @Test
    void aRootFilesystemOnNfsHoldsEveryPath() {
        observations.put(node("diskless", NOW.plusSeconds(60), nfs("/")));

        assertThat(observations.networkMountHolding("/var/lib/app", null)).isPresent();
    }

    @Test
    void anObservationExpiresAtItsExpiresAtAndNotBefore() {
        NodeObservations early = new NodeObservations(Clock.fixed(NOW.minusMillis(1), ZoneOffset.UTC));
        ObservedNode n = node("a", NOW, nfs("/mnt/nas"));
        early.put(n);
        observations.put(n);

        assertThat(early.fresh("a")).isPresent();
        assertThat(early.fresh()).extracting(ObservedNode::node).containsExactly("a");
        assertThat(observations.fresh("a")).isEmpty();
        assertThat(observations.fresh()).isEmpty();
        assertThat(observations.networkMountHolding("/mnt/nas/x", null)).isEmpty();
        assertThat(observations.isEmpty()).isFalse();
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = NOW;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAnswerKeptForAMountPointFallsToTheNextNodeWhenItsNodeExpires() {
        MovingClock clock = new MovingClock();
        NodeObservations moving = new NodeObservations(clock);
        moving.put(node("a", NOW.plusSeconds(60), nfs("/mnt/nas")));
        moving.put(node("b", NOW.plusSeconds(900), nfs("/mnt/nas")));

        assertThat(moving.networkMountHolding("/mnt/nas/one", null)
                        .map(s -> s.node().node()))
                .contains("a");
        // Another path below the same mount point: the same answer.
        assertThat(moving.networkMountHolding("/mnt/nas/two/db", null)
                        .map(s -> s.node().node()))
                .contains("a");
        clock.now = NOW.plusSeconds(61);
        assertThat(moving.networkMountHolding("/mnt/nas/one", null)
                        .map(s -> s.node().node()))
                .contains("b");
        clock.now = NOW.plusSeconds(901);
        assertThat(moving.networkMountHolding("/mnt/nas/one", null)).isEmpty();
    }

    @Test
    void aNewObservationReplacesTheOldOneAndRemovingForgetsIt() {
        observations.put(node("a", NOW.plusSeconds(60), nfs("/mnt/nas")));
        observations.put(node("a", NOW.plusSeconds(60), nfs("/mnt/other")));

        assertThat(observations.networkMountHolding("/mnt/nas/x", null)).isEmpty();
        assertThat(observations.networkMountHolding("/mnt/other/x", null)).isPresent();

        observations.remove("a");
        assertThat(observations.networkMountHolding("/mnt/other/x", null)).isEmpty();
        assertThat(observations.isEmpty()).isTrue();
    }

    @Test
    void aPathOfAMillionSegmentsIsLookedUpInOnePass() {
        observations.put(node("a", NOW.plusSeconds(60), nfs("/mnt/nas")));
        String deep = "/mnt/nas" + "/a".repeat(1_000_000);

        // Only prefixes as deep as the deepest mount point are built (two here), not a million of them.
        assertThat(observations.networkMountHolding(deep, null)).isPresent();
        assertThat(observations.networkMountHolding("/" + "x".repeat(3_000_000), null))
                .isEmpty();
    }

    @Test
    void readsOnlyNetworkVolumesAndWalDatabasesOfAPublishedStatusOnOneLineEach() throws Exception {
        JsonNode status = JSON.readTree("""
                {"node": "worker-1", "observedAt": "2026-12-01T11:55:00Z", "expiresAt": "2026-12-01T12:10:00Z",
                 "volumes": [
                   {"podUid": "u1", "volume": "pvc-1", "plugin": "kubernetes.io~csi", "fsType": "nfs4",
                    "source": "nas:/k8s", "storage": "network",
                    "databases": [{"path": "app.db", "wal": true}, {"path": "old.db", "wal": false}]},
                   {"podUid": "u2", "volume": "data", "plugin": "kubernetes.io~empty-dir", "fsType": "ext4",
                    "source": "/dev/sda1", "storage": "block", "databases": [{"path": "x.db", "wal": true}]}],
                 "networkMounts": [{"mountPoint": "/mnt/nas", "fsType": "cifs", "source": "//nas/share\\nx",
                                    "storage": "network"},
                                   {"mountPoint": "relative", "fsType": "nfs", "storage": "network"}]}
                """);

        ObservedNode.Parsed parsed = ObservedNode.parse("worker-1", status);

        assertThat(parsed.problem()).isNull();
        assertThat(parsed.node())
                .isEqualTo(new ObservedNode(
                        "worker-1",
                        Instant.parse("2026-12-01T11:55:00Z"),
                        Instant.parse("2026-12-01T12:10:00Z"),
                        List.of(new ObservedNode.ObservedVolume(
                                "u1", "pvc-1", "kubernetes.io~csi", "nfs4", "nas:/k8s", List.of("app.db"))),
                        List.of(new ObservedMount("/mnt/nas", "cifs", "//nas/share?x", true))));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        "a status naming another node is refused",
                        "{\"node\": \"worker-2\", \"observedAt\": \"2026-12-01T11:55:00Z\", "
                                + "\"expiresAt\": \"2026-12-01T12:10:00Z\"}",
                        "NodeObservation worker-1 is left out because its status.node names another node, worker-2"),
                Arguments.of(
                        "a status without expiresAt is refused",
                        "{\"observedAt\": \"2026-12-01T11:55:00Z\"}",
                        "NodeObservation worker-1 is left out because its status.observedAt or status.expiresAt is "
                                + "missing or not a time"),
                Arguments.of(
                        "a time that is not a time is refused",
                        "{\"observedAt\": \"yesterday\", \"expiresAt\": 5}",
                        "NodeObservation worker-1 is left out because its status.observedAt or status.expiresAt is "
                                + "missing or not a time"),
                Arguments.of("an object without status is refused", "null", "NodeObservation worker-1 has no status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatIsNotAnObservation(String description, String status, String problem) throws Exception {
        ObservedNode.Parsed parsed = ObservedNode.parse("worker-1", JSON.readTree(status));

        assertThat(parsed.node()).isNull();
        assertThat(parsed.problem()).isEqualTo(problem);
    }

    @Test
    void keepsTheSchemaBoundsWhateverTheWriterSent() {
        ObjectNode status = JSON.createObjectNode()
                .put("observedAt", "2026-12-01T11:55:00Z")
                .put("expiresAt", "2026-12-01T12:10:00Z");
        ArrayNode volumes = status.putArray("volumes");
        for (int i = 0; i < 5000; i++) {
            ObjectNode v = volumes.addObject()
                    .put("podUid", "u" + i)
                    .put("volume", "v".repeat(2000))
                    .put("storage", "network");
            ArrayNode dbs = v.putArray("databases");
            for (int j = 0; j < 20; j++) {
                dbs.addObject().put("path", j + ".db").put("wal", true);
            }
        }
        ArrayNode mounts = status.putArray("networkMounts");
        for (int i = 0; i < 300; i++) {
            mounts.addObject().put("mountPoint", "/m" + i).put("storage", "network");
        }

        ObservedNode node = ObservedNode.parse("worker-1", status).node();

        assertThat(node.volumes()).hasSize(ObservedNode.MAX_VOLUMES);
        assertThat(node.volumes().get(0).volume()).hasSize(ObservedNode.MAX_STRING);
        assertThat(node.volumes().get(0).walDatabases()).hasSize(ObservedNode.MAX_DATABASES);
        assertThat(node.networkMounts()).hasSize(ObservedNode.MAX_MOUNTS);
    }
}
