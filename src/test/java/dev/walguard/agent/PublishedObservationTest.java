package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.agent.DatabaseFinder.Database;
import dev.walguard.agent.NodeObservation.NetworkMount;
import dev.walguard.agent.NodeObservation.Volume;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published status: its exact form, and its size bound whatever the node holds. */
class PublishedObservationTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00.734Z");

    private static Volume volume(String uid, String plugin, Storage storage, List<Database> databases) {
        return new Volume(
                uid,
                "data",
                plugin,
                "/var/lib/kubelet/pods/" + uid + "/volumes/" + plugin + "/data",
                storage == Storage.NETWORK ? "nfs4" : "ext4",
                storage == Storage.NETWORK ? "nas:/export" : "/dev/sda1",
                storage,
                databases,
                null);
    }

    @Test
    void theStatusCarriesNodeTimesVersionAndTheVolumesThatCanHoldDatabases() throws Exception {
        NodeObservation observation = new NodeObservation(
                "worker-1",
                List.of(
                        volume("u1", "kubernetes.io~csi", Storage.NETWORK, List.of(new Database("app.db", true))),
                        volume("u1", "kubernetes.io~projected", Storage.LOCAL, List.of())),
                List.of(new NetworkMount("/mnt/nas", "nfs4", "nas:/export", Storage.NETWORK)),
                null);

        ObjectNode status = PublishedObservation.status(observation, AT, Duration.ofMinutes(5), "0.1.0", 262_144);

        JsonNode expected = new ObjectMapper().readTree("""
                        {"node": "worker-1", "observedAt": "2026-11-30T12:00:00Z", "expiresAt": "2026-11-30T12:15:00Z",
                         "rescanIntervalSeconds": 300, "agentVersion": "0.1.0", "complete": true, "truncated": false,
                         "omittedVolumes": 0,
                         "volumes": [{"podUid": "u1", "volume": "data", "plugin": "kubernetes.io~csi",
                                      "mountPoint": "/var/lib/kubelet/pods/u1/volumes/kubernetes.io~csi/data",
                                      "fsType": "nfs4", "source": "nas:/export", "storage": "network",
                                      "databases": [{"path": "app.db", "wal": true}], "complete": true}],
                         "networkMounts": [{"mountPoint": "/mnt/nas", "fsType": "nfs4", "source": "nas:/export",
                                            "storage": "network"}]}
                        """);
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(mapper.writeValueAsString(status))).isEqualTo(expected);
    }

    @Test
    void aHugeNodeStaysWithinTheBudgetKeepsNetworkVolumesFirstAndSaysWhatItLeftOut() throws Exception {
        List<Volume> volumes = new ArrayList<>();
        String longName = "x".repeat(600);
        for (int i = 0; i < 3_000; i++) {
            List<Database> databases = new ArrayList<>();
            for (int d = 0; d < 40; d++) {
                databases.add(new Database(longName + "/" + d + ".db", d % 2 == 0));
            }
            Storage storage = i % 150 == 0 ? Storage.NETWORK : Storage.BLOCK;
            volumes.add(volume(String.format("u%04d", i), "kubernetes.io~csi", storage, databases));
        }
        NodeObservation observation = new NodeObservation("big", volumes, List.of(), null);

        ObjectNode status = PublishedObservation.status(observation, AT, Duration.ofMinutes(5), "0.1.0", 262_144);

        int bytes = new ObjectMapper().writeValueAsString(status).getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThanOrEqualTo(262_144);
        assertThat(status.path("truncated").asBoolean()).isTrue();
        assertThat(status.path("complete").asBoolean()).isFalse();
        int listed = status.path("volumes").size();
        assertThat(status.path("omittedVolumes").asInt()).isEqualTo(3_000 - listed);
        List<String> network = new ArrayList<>();
        status.path("volumes").forEach(v -> {
            if (v.path("storage").asText().equals("network")) {
                network.add(v.path("podUid").asText());
            }
        });
        assertThat(network).as("all 20 network volumes are kept").hasSize(20);
        JsonNode first = status.path("volumes").get(0);
        assertThat(first.path("databases")).hasSize(PublishedObservation.MAX_DATABASES_PER_VOLUME);
        assertThat(first.path("databases").get(0).path("path").asText()).hasSize(PublishedObservation.MAX_STRING);
        assertThat(first.path("stoppedEarly").asText()).isEqualTo("only the first 16 of 40 databases are listed");
    }
}
