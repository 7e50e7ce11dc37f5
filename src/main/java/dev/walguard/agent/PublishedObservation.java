package dev.walguard.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.agent.NodeObservation.NetworkMount;
import dev.walguard.agent.NodeObservation.Volume;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code status} of a node's {@code NodeObservation} object: the scan, cut to a byte budget so the object stays
 * far below the API server's limits whatever the node holds. docs/node-agent.md, "The published object", is the
 * contract for its readers.
 *
 * <p>What goes first when the budget is short: network mounts, then volumes on network storage, then volumes with
 * databases, then volumes of unknown storage, then the rest. What is left out is counted ({@code omittedVolumes}) and
 * marks the object {@code truncated}. Volumes the kubelet fills from API objects (configMap, secret, projected,
 * downwardAPI) are never published: they cannot hold a database.
 */
public final class PublishedObservation {

    /** The default budget for the whole status, a quarter of the 1 MiB a ConfigMap or CR may hold at most. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    /** Observations older than this many rescan intervals are stale: the agent stopped or the node is gone. */
    public static final int STALE_AFTER_INTERVALS = 3;

    static final int MAX_DATABASES_PER_VOLUME = 16;
    static final int MAX_STRING = 512;
    /** Room for the fixed fields (node, times, version, counters) around the lists. */
    private static final int FIXED_FIELDS = 2048;

    private PublishedObservation() {}

    public static ObjectNode status(
            NodeObservation observation, Instant observedAt, Duration interval, String agentVersion, int maxBytes) {
        Instant at = observedAt.truncatedTo(ChronoUnit.SECONDS);
        int budget = maxBytes - FIXED_FIELDS;
        ArrayNode mounts = ObservationJson.MAPPER.createArrayNode();
        boolean truncated = false;
        for (NetworkMount m : observation.networkMounts()) {
            ObjectNode mount = ObservationJson.mount(m, MAX_STRING);
            int size = size(mount);
            if (size > budget) {
                truncated = true;
                break;
            }
            budget -= size;
            mounts.add(mount);
        }
        List<Volume> candidates = observation.volumes().stream()
                .filter(v -> !NodeScanner.API_CONTENT_PLUGINS.contains(v.plugin()))
                .toList();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> rank(candidates.get(i))));
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
            int size = size(volume(candidates.get(i)));
            if (size <= budget) {
                budget -= size;
                kept.add(i);
            }
        }
        kept.sort(null);
        int omitted = candidates.size() - kept.size();
        truncated |= omitted > 0;
        boolean complete = observation.stoppedEarly() == null
                && !truncated
                && candidates.stream().allMatch(v -> v.stoppedEarly() == null);

        ObjectNode status = ObservationJson.MAPPER.createObjectNode();
        status.put("node", observation.node());
        status.put("observedAt", at.toString());
        status.put(
                "expiresAt",
                at.plus(interval.multipliedBy(STALE_AFTER_INTERVALS)).toString());
        status.put("rescanIntervalSeconds", interval.toSeconds());
        status.put("agentVersion", agentVersion);
        status.put("complete", complete);
        status.put("truncated", truncated);
        status.put("omittedVolumes", omitted);
        if (observation.stoppedEarly() != null) {
            status.put("stoppedEarly", ObservationJson.cut(observation.stoppedEarly(), MAX_STRING));
        }
        ArrayNode volumes = status.putArray("volumes");
        kept.forEach(i -> volumes.add(volume(candidates.get(i))));
        status.set("networkMounts", mounts);
        return status;
    }

    private static ObjectNode volume(Volume v) {
        ObjectNode node = ObservationJson.volume(v, MAX_DATABASES_PER_VOLUME, MAX_STRING);
        node.put("stoppedEarly", ObservationJson.cut(node.path("stoppedEarly").asText(null), MAX_STRING));
        if (node.get("stoppedEarly").isNull()) {
            node.remove("stoppedEarly");
        }
        return node;
    }

    private static int rank(Volume v) {
        if (v.storage() == Storage.NETWORK) {
            return 0;
        }
        if (!v.databases().isEmpty()) {
            return 1;
        }
        return v.storage() == Storage.UNKNOWN ? 2 : 3;
    }

    static int size(ObjectNode node) {
        try {
            return ObservationJson.MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length + 1;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
