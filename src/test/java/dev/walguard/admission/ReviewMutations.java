package dev.walguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Real-shaped reviews (examples/reviews and the http fixtures) with 1 to 4 random fields replaced by wrong values
 * (nulls, numbers, empty lists, null entries, ...). Generated one at a time from a fixed seed, so a failure
 * reproduces and thousands need no memory.
 */
public final class ReviewMutations {

    public static final long SEED = 20261123;
    public static final List<Path> SOURCES =
            List.of(Path.of("examples/reviews"), Path.of("src/test/resources/dev/walguard/http/ValidateResourceTest"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Checks one mutated review; {@code index} counts from 0 over every review of the run. */
    @FunctionalInterface
    public interface Check {
        void accept(int index, Path source, JsonNode mutated) throws IOException;
    }

    private ReviewMutations() {}

    /** Runs {@code check} on {@code perReview} mutations of each source review, in order; returns how many. */
    public static int run(int perReview, Check check) throws IOException {
        Random random = new Random(SEED);
        List<JsonNode> values = values();
        int index = 0;
        for (Path review : reviews()) {
            JsonNode base = JSON.readTree(review.toFile());
            List<List<Object>> paths = new ArrayList<>();
            collect(base, new ArrayList<>(), paths);
            for (int i = 0; i < perReview; i++) {
                JsonNode mutated = base.deepCopy();
                for (int m = 1 + random.nextInt(4); m > 0; m--) {
                    set(mutated, paths.get(random.nextInt(paths.size())), values.get(random.nextInt(values.size())));
                }
                check.accept(index++, review, mutated);
            }
        }
        return index;
    }

    /** The reviews mutated, in the order they are. */
    public static List<Path> reviews() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.list(SOURCES.get(0)), Files.list(SOURCES.get(1)))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static List<JsonNode> values() {
        ArrayNode withNull = F.arrayNode().addNull();
        ArrayNode mixed = F.arrayNode().add(1).add("a");
        ObjectNode object = F.objectNode().put("a", 1);
        return List.of(
                F.nullNode(),
                F.numberNode(1),
                F.numberNode(-5),
                F.numberNode(3.5),
                F.booleanNode(true),
                F.textNode("x"),
                F.textNode(""),
                F.arrayNode(),
                F.objectNode(),
                withNull,
                mixed,
                object,
                F.textNode("/rel"),
                F.textNode("/data/x.db"),
                F.textNode("yes"),
                F.textNode("a,b,,c"),
                F.numberNode(new BigInteger("1180591620717411303424")));
    }

    private static void collect(JsonNode node, List<Object> path, List<List<Object>> out) {
        if (!path.isEmpty()) {
            out.add(List.copyOf(path));
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                path.add(name);
                collect(node.get(name), path, out);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                collect(node.get(i), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Replaces the value at {@code path}, if the path still exists after earlier mutations. */
    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof String s ? parent.get(s) : parent.get((Integer) step);
            if (parent == null) {
                return;
            }
        }
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o && last instanceof String s) {
            o.set(s, value.deepCopy());
        } else if (parent instanceof ArrayNode a && last instanceof Integer i && i < a.size()) {
            a.set(i, value.deepCopy());
        }
    }
}
