package dev.walguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the node agent saw on one node (the {@code status} of its {@code NodeObservation}, docs/node-agent.md), kept
 * to what the rules read: pod volumes on network storage and the node's network mounts. Volumes on block, local or
 * unknown storage are dropped when read, since no rule reads them.
 *
 * @param volumes       pod volumes observed on network storage
 * @param networkMounts the node's network mounts and the mounts nested inside them, in the order published (a later
 *                      mount on the same mount point hides an earlier one)
 */
public record ObservedNode(
        String node,
        Instant observedAt,
        Instant expiresAt,
        List<ObservedVolume> volumes,
        List<ObservedMount> networkMounts) {

    /** The bounds of the CRD's schema, applied again: a reader does not trust a writer to keep them. */
    static final int MAX_VOLUMES = 4096;

    static final int MAX_MOUNTS = 256;
    static final int MAX_DATABASES = 16;
    static final int MAX_STRING = 512;

    public ObservedNode {
        volumes = List.copyOf(volumes);
        networkMounts = List.copyOf(networkMounts);
    }

    /**
     * A pod volume on network storage.
     *
     * @param volume       the directory under the plugin directory: the PV name for volumes of claims, the pod's
     *                     volume name for inline ones
     * @param walDatabases paths, relative to the volume, of SQLite databases whose header says WAL
     */
    public record ObservedVolume(
            String podUid, String volume, String plugin, String fsType, String source, List<String> walDatabases) {

        public ObservedVolume {
            walDatabases = List.copyOf(walDatabases);
        }
    }

    /** A mount of the node; {@code network} when its filesystem is shared over the network. */
    public record ObservedMount(String mountPoint, String fsType, String source, boolean network) {}

    /** True until {@code expiresAt}: after it the agent stopped or the node is gone, and nothing may rest on it. */
    public boolean freshAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** {@code nfs4 from nas:/export}: the filesystem as a finding names it. */
    static String describe(String fsType, String source) {
        String type = fsType == null || fsType.isEmpty() ? "a network filesystem" : fsType;
        return source == null || source.isEmpty() ? type : type + " from " + source;
    }

    /**
     * Reads a published status; {@code name} is the object's, which is the node's. An object without a readable
     * {@code observedAt} and {@code expiresAt} is not an observation: the answer is the reason it was left out.
     */
    public static Parsed parse(String name, JsonNode status) {
        if (status == null || !status.isObject()) {
            return new Parsed(null, "NodeObservation " + Prose.clip(name) + " has no status");
        }
        // The object's name is the node (the agent's admission policy pins it); a status naming another is refused.
        String node = name;
        String claimed = text(status, "node");
        if (claimed != null && !claimed.equals(name)) {
            return new Parsed(
                    null,
                    "NodeObservation " + Prose.clip(name) + " is left out because its status.node names another node, "
                            + Prose.clip(claimed));
        }
        Instant observedAt = instant(status, "observedAt");
        Instant expiresAt = instant(status, "expiresAt");
        if (observedAt == null || expiresAt == null) {
            return new Parsed(
                    null,
                    "NodeObservation " + Prose.clip(name) + " is left out because its status.observedAt or "
                            + "status.expiresAt is missing or not a time");
        }
        List<ObservedVolume> volumes = new ArrayList<>();
        JsonNode vs = status.path("volumes");
        for (int i = 0; i < Math.min(vs.size(), MAX_VOLUMES); i++) {
            JsonNode v = vs.get(i);
            if (!"network".equals(text(v, "storage")) || text(v, "podUid") == null || text(v, "volume") == null) {
                continue;
            }
            List<String> wal = new ArrayList<>();
            JsonNode dbs = v.path("databases");
            for (int j = 0; j < Math.min(dbs.size(), MAX_DATABASES); j++) {
                JsonNode db = dbs.get(j);
                String path = text(db, "path");
                if (path != null && db.path("wal").asBoolean(false)) {
                    wal.add(path);
                }
            }
            volumes.add(new ObservedVolume(
                    text(v, "podUid"),
                    text(v, "volume"),
                    text(v, "plugin"),
                    text(v, "fsType"),
                    text(v, "source"),
                    wal));
        }
        List<ObservedMount> mounts = new ArrayList<>();
        JsonNode ms = status.path("networkMounts");
        for (int i = 0; i < Math.min(ms.size(), MAX_MOUNTS); i++) {
            JsonNode m = ms.get(i);
            String point = text(m, "mountPoint");
            if (point != null && point.startsWith("/")) {
                mounts.add(new ObservedMount(
                        point, text(m, "fsType"), text(m, "source"), "network".equals(text(m, "storage"))));
            }
        }
        return new Parsed(new ObservedNode(node, observedAt, expiresAt, volumes, mounts), null);
    }

    /** A parsed observation, or why there is none. */
    public record Parsed(ObservedNode node, String problem) {}

    private static String text(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || !n.isTextual()) {
            return null;
        }
        String s = n.asText();
        s = s.length() > MAX_STRING ? s.substring(0, MAX_STRING) : s;
        // Mount sources and paths come from the node (the kernel decodes \012 into a newline): they reach denial
        // messages and logs as one line.
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, '?');
            }
        }
        return out == null ? s : out.toString();
    }

    private static Instant instant(JsonNode status, String field) {
        String s = text(status, field);
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
