package dev.walguard.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.agent.DatabaseFinder.Database;
import dev.walguard.agent.NodeObservation.NetworkMount;
import dev.walguard.agent.NodeObservation.Volume;
import java.io.PrintStream;

/** The JSON and text forms of a {@link NodeObservation}; docs/node-agent.md describes them field by field. */
public final class ObservationJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ObservationJson() {}

    /** {@code node-scan -o json}: everything the scan saw. */
    public static ObjectNode of(NodeObservation observation) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("node", observation.node());
        ArrayNode volumes = root.putArray("volumes");
        observation.volumes().forEach(v -> volumes.add(volume(v, Integer.MAX_VALUE, Integer.MAX_VALUE)));
        ArrayNode mounts = root.putArray("networkMounts");
        observation.networkMounts().forEach(m -> mounts.add(mount(m, Integer.MAX_VALUE)));
        completeness(root, observation.stoppedEarly());
        return root;
    }

    /**
     * One volume; at most {@code maxDatabases} databases, strings cut to {@code maxPath} characters (for the published
     * object, whose size is bounded).
     */
    static ObjectNode volume(Volume v, int maxDatabases, int maxPath) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("podUid", cut(v.podUid(), maxPath));
        node.put("volume", cut(v.volume(), maxPath));
        node.put("plugin", cut(v.plugin(), maxPath));
        node.put("mountPoint", cut(v.mountPoint(), maxPath));
        node.put("fsType", cut(v.fsType(), maxPath));
        node.put("source", cut(v.source(), maxPath));
        node.put("storage", v.storage().label());
        ArrayNode databases = node.putArray("databases");
        for (Database d : v.databases()) {
            if (databases.size() == maxDatabases) {
                break;
            }
            databases.addObject().put("path", cut(d.path(), maxPath)).put("wal", d.wal());
        }
        String stoppedEarly = v.stoppedEarly();
        if (stoppedEarly == null && v.databases().size() > maxDatabases) {
            stoppedEarly =
                    "only the first " + maxDatabases + " of " + v.databases().size() + " databases are listed";
        }
        completeness(node, stoppedEarly);
        return node;
    }

    static ObjectNode mount(NetworkMount m, int maxString) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("mountPoint", cut(m.mountPoint(), maxString));
        node.put("fsType", cut(m.fsType(), maxString));
        node.put("source", cut(m.source(), maxString));
        node.put("storage", m.storage().label());
        return node;
    }

    private static void completeness(ObjectNode node, String stoppedEarly) {
        node.put("complete", stoppedEarly == null);
        if (stoppedEarly != null) {
            node.put("stoppedEarly", stoppedEarly);
        }
    }

    /** Cuts a string to {@code max} characters, marking the cut with a trailing "...". */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 3) + "...";
    }

    /** {@code node-scan -o text}: one block per volume, for people. */
    public static void text(NodeObservation observation, PrintStream out) {
        out.println("node " + observation.node() + ": " + observation.volumes().size() + " pod volumes");
        for (Volume v : observation.volumes()) {
            out.println();
            out.println("pod " + v.podUid() + " volume " + v.volume() + " (" + v.plugin() + ")");
            out.println("  storage:   " + v.storage().label() + " ("
                    + (v.fsType() == null
                            ? "no mount covers it"
                            : v.fsType() + " from " + v.source() + " on " + v.mountPoint())
                    + ")");
            if (v.databases().isEmpty()) {
                out.println("  databases: none found");
            }
            for (Database d : v.databases()) {
                out.println("  database:  " + d.path() + (d.wal() ? " (WAL)" : " (rollback journal)"));
            }
            if (v.stoppedEarly() != null) {
                out.println("  stopped early: " + v.stoppedEarly());
            }
        }
        if (!observation.networkMounts().isEmpty()) {
            out.println();
            out.println("network mounts outside the kubelet directory:");
            for (NetworkMount m : observation.networkMounts()) {
                out.println("  " + m.mountPoint() + ": " + m.fsType() + " from " + m.source() + " ("
                        + m.storage().label() + ")");
            }
        }
        if (observation.stoppedEarly() != null) {
            out.println();
            out.println("stopped early: " + observation.stoppedEarly());
        }
    }
}
