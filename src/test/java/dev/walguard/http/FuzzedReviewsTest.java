package dev.walguard.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real-shaped reviews with random fields replaced by wrong values (nulls, numbers, empty lists, null entries, ...):
 * every answer is 200 or 400, and no 200 is walguard's "could not evaluate" internal-error denial. Fixed seed, so a
 * failure reproduces.
 */
@QuarkusTest
class FuzzedReviewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MUTATIONS_PER_REVIEW = 150;

    private static List<JsonNode> values() {
        ArrayNode withNull = F.arrayNode().addNull();
        ArrayNode mixed = F.arrayNode().add(1).add("a");
        ObjectNode object = F.objectNode().put("a", 1);
        return List.of(F.nullNode(), F.numberNode(1), F.numberNode(-5), F.numberNode(3.5), F.booleanNode(true),
                F.textNode("x"), F.textNode(""), F.arrayNode(), F.objectNode(), withNull, mixed, object,
                F.textNode("/rel"), F.textNode("/data/x.db"), F.textNode("yes"), F.textNode("a,b,,c"),
                F.numberNode(new BigInteger("1180591620717411303424")));
    }

    @Test
    void mutatedReviewsGet200Or400AndNeverAnInternalError() throws IOException {
        Random random = new Random(20261123);
        List<JsonNode> values = values();
        List<Path> reviews;
        try (Stream<Path> files = Stream.concat(Files.list(ValidateResourceTest.EXAMPLES),
                Files.list(ValidateResourceTest.FIXTURES))) {
            reviews = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int answered = 0;
        for (Path review : reviews) {
            JsonNode base = JSON.readTree(review.toFile());
            List<List<Object>> paths = new ArrayList<>();
            collect(base, new ArrayList<>(), paths);
            for (int i = 0; i < MUTATIONS_PER_REVIEW; i++) {
                JsonNode mutated = base.deepCopy();
                for (int m = 1 + random.nextInt(4); m > 0; m--) {
                    set(mutated, paths.get(random.nextInt(paths.size())), values.get(random.nextInt(values.size())));
                }
                Response response = given().contentType("application/json").body(JSON.writeValueAsBytes(mutated))
                        .post("/validate");
                assertThat(response.statusCode()).as("%s mutated: %s", review, mutated).isIn(200, 400);
                if (response.statusCode() == 200) {
                    Object code = response.jsonPath().get("response.status.code");
                    assertThat(code).as("%s mutated: %s", review, mutated).isNotEqualTo(500);
                }
                answered++;
            }
        }
        assertThat(answered).isEqualTo(reviews.size() * MUTATIONS_PER_REVIEW);
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
