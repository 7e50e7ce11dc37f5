package dev.walguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns one composed YAML document into a JsonNode the way kubectl reads it: aliases become copies of their anchor's
 * value (not its name), merge keys ({@code <<: *base}) are merged, scalars get the YAML 1.1 types Jackson YAML gave
 * them before. Refuses what kubectl would not send or what would only exhaust memory: duplicate keys, recursive
 * aliases, values over 1 MiB, and alias expansions past the size the API server accepts for one object.
 */
final class YamlTree {

    /** The largest scalar accepted: no Kubernetes field holds more (a ConfigMap value is bounded by the object). */
    static final int MAX_SCALAR = 1 << 20;
    /** The API server refuses request bodies over 3 MiB, so no larger object can exist in a cluster. */
    static final int MAX_DOCUMENT = 3 << 20;
    /** Deeper than any real manifest; bounds the recursion here when aliases stack. */
    static final int MAX_DEPTH = 200;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TRUE = Set.of("true", "yes", "on", "y");

    /** Each node and scalar character counts once per copy: without aliases a document stays far below. */
    private long budget = 2L * MAX_DOCUMENT;

    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

    static JsonNode convert(Node root) {
        return new YamlTree().node(root, 0);
    }

    private JsonNode node(Node node, int depth) {
        if (depth > MAX_DEPTH) {
            throw problem(node, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (--budget < 0) {
            throw tooLarge(node);
        }
        if (node instanceof ScalarNode s) {
            return scalar(s);
        }
        if (!open.add(node)) {
            throw problem(node, "an alias refers to a mapping or list that contains it (a recursive alias)");
        }
        try {
            return node instanceof MappingNode m ? mapping(m, depth) : sequence((SequenceNode) node, depth);
        } finally {
            open.remove(node);
        }
    }

    private ArrayNode sequence(SequenceNode seq, int depth) {
        ArrayNode out = NODES.arrayNode();
        for (Node item : seq.getValue()) {
            out.add(node(item, depth + 1));
        }
        return out;
    }

    private ObjectNode mapping(MappingNode map, int depth) {
        ObjectNode out = NODES.objectNode();
        java.util.Map<String, Mark> seen = new java.util.HashMap<>();
        List<Node> merges = new java.util.ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                throw problem(keyNode, "a mapping key is itself a mapping or list; Kubernetes keys are strings");
            }
            if (Tag.MERGE.equals(key.getTag())) {
                merges.add(t.getValueNode());
                continue;
            }
            Mark first = seen.putIfAbsent(key.getValue(), key.getStartMark());
            if (first != null) {
                throw problem(
                        key,
                        "duplicate key \"" + key.getValue() + "\" (first on line " + (first.getLine() + 1)
                                + "); kubectl would silently keep only one of them");
            }
            out.set(key.getValue(), node(t.getValueNode(), depth + 1));
        }
        // Keys written in the mapping win over merged ones; of several merged mappings the first wins (YAML 1.1).
        for (Node merge : merges) {
            List<Node> sources = merge instanceof SequenceNode s ? s.getValue() : List.of(merge);
            for (Node source : sources) {
                if (!(source instanceof MappingNode)) {
                    throw problem(source, "a merge key (<<) needs a mapping or a list of mappings");
                }
                node(source, depth + 1).properties().forEach(e -> {
                    if (!out.has(e.getKey())) {
                        out.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        return out;
    }

    private JsonNode scalar(ScalarNode s) {
        String v = s.getValue();
        if (v.length() > MAX_SCALAR) {
            throw problem(s, "a value of " + v.length() + " characters is over the 1 MiB limit for one value");
        }
        budget -= v.length();
        if (budget < 0) {
            throw tooLarge(s);
        }
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return NODES.booleanNode(TRUE.contains(v.toLowerCase(Locale.ROOT)));
        }
        if (Tag.INT.equals(tag)) {
            BigInteger i = integer(v);
            return i == null
                    ? NODES.textNode(v)
                    : i.bitLength() < 32
                            ? NODES.numberNode(i.intValue())
                            : i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return NODES.numberNode(Double.parseDouble(v.replace("_", "")));
            } catch (NumberFormatException e) {
                return NODES.textNode(v); // .inf, .nan: no JSON number; Jackson refused them, a string is kinder
            }
        }
        return NODES.textNode(v);
    }

    /** A YAML 1.1 integer (decimal, 0x, 0b, 0o, leading-0 octal, underscores), or null (e.g. sexagesimal). */
    private static BigInteger integer(String text) {
        String v = text.replace("_", "");
        boolean negative = v.startsWith("-");
        if (negative || v.startsWith("+")) {
            v = v.substring(1);
        }
        try {
            BigInteger i;
            if (v.startsWith("0x")) {
                i = new BigInteger(v.substring(2), 16);
            } else if (v.startsWith("0b")) {
                i = new BigInteger(v.substring(2), 2);
            } else if (v.startsWith("0o")) {
                i = new BigInteger(v.substring(2), 8);
            } else if (v.length() > 1 && v.startsWith("0")) {
                i = new BigInteger(v.substring(1), 8);
            } else {
                i = new BigInteger(v);
            }
            return negative ? i.negate() : i;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ManifestProblem tooLarge(Node at) {
        return problem(at, "its aliases expand it past 3 MiB, the API server's limit for one object");
    }

    static ManifestProblem problem(Node at, String message) {
        Mark m = at.getStartMark();
        return m == null
                ? new ManifestProblem(0, 0, message)
                : new ManifestProblem(m.getLine() + 1, m.getColumn() + 1, message);
    }
}
