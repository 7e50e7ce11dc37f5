package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A marked workload whose pod template, or a part of it, has the wrong JSON type is an invalid review (HTTP 400),
 * like a Pod with one: never "no pod template", which admitted it without a look.
 */
class WronglyTypedWorkloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Path DENY = Path.of("examples/reviews/deny-sonarr-nfs.json");

    /** Each wrong value, and how the message names its type. */
    private static final Map<String, JsonNode> WRONG = Map.of(
            "a string", F.textNode("x"),
            "a number", F.numberNode(1),
            "a boolean", F.booleanNode(true),
            "a list", F.arrayNode().add(1),
            "an object", F.objectNode().put("a", 1));

    /** kind, the field (dotted, {@code [0]} for a list entry), and whether it must be an object or a list. */
    static Stream<Arguments> fields() {
        List<Object[]> fields = List.of(
                new Object[] {"Deployment", "metadata", "an object"},
                new Object[] {"Deployment", "spec", "an object"},
                new Object[] {"Deployment", "spec.template", "an object"},
                new Object[] {"Deployment", "spec.template.metadata", "an object"},
                new Object[] {"Deployment", "spec.template.spec", "an object"},
                new Object[] {"Deployment", "spec.template.spec.containers", "a list"},
                new Object[] {"StatefulSet", "spec.template.spec", "an object"},
                new Object[] {"StatefulSet", "spec.volumeClaimTemplates", "a list"},
                new Object[] {"StatefulSet", "spec.volumeClaimTemplates[0]", "an object"},
                new Object[] {"CronJob", "spec.jobTemplate", "an object"},
                new Object[] {"CronJob", "spec.jobTemplate.spec", "an object"},
                new Object[] {"CronJob", "spec.jobTemplate.spec.template", "an object"},
                new Object[] {"CronJob", "spec.jobTemplate.spec.template.spec", "an object"},
                new Object[] {"CronJob", "spec.jobTemplate.spec.template.spec.containers", "a list"},
                new Object[] {"Pod", "metadata", "an object"},
                new Object[] {"Pod", "spec", "an object"},
                new Object[] {"Pod", "spec.containers", "a list"},
                new Object[] {"Rollout", "spec.template.spec.containers", "a list"});
        List<Arguments> out = new ArrayList<>();
        for (Object[] f : fields) {
            WRONG.forEach((type, value) -> {
                if (!type.equals(f[2])) {
                    out.add(Arguments.of(f[0], f[1], type, value, f[2]));
                }
            });
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("fields")
    void aWronglyTypedPartOfTheTemplateIsAnInvalidReview(
            String kind, String field, String type, JsonNode value, String expected) throws IOException {
        ObjectNode review = review(kind);
        set(object(review), field, value);
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());

        assertThatThrownBy(() -> handler.handle(JSON.writeValueAsBytes(review)))
                .isInstanceOf(InvalidReviewException.class)
                .hasMessage("request.object cannot be read: " + field + " must be " + expected + ", not " + type);
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("required")
    void aMissingTemplateOfABuiltInKindIsAnInvalidReview(String kind, String field) throws IOException {
        ObjectNode review = review(kind);
        set(object(review), field, null);
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());

        assertThatThrownBy(() -> handler.handle(JSON.writeValueAsBytes(review)))
                .isInstanceOf(InvalidReviewException.class)
                .hasMessage("request.object cannot be read: " + field + " is missing");
    }

    static Stream<Arguments> required() {
        return Stream.of(
                Arguments.of("Deployment", "spec"),
                Arguments.of("Deployment", "spec.template"),
                Arguments.of("Deployment", "spec.template.spec"),
                Arguments.of("Deployment", "spec.template.spec.containers"),
                Arguments.of("CronJob", "spec.jobTemplate.spec.template"),
                Arguments.of("Pod", "spec"),
                Arguments.of("Pod", "spec.containers"));
    }

    @Test
    void anotherKindWithoutContainersAtItsTemplateIsNoWorkload() throws IOException {
        ObjectNode review = review("Rollout");
        ((ObjectNode) object(review).path("spec")).put("template", "x");

        JsonNode answer = JSON.readTree(Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry())
                .handle(JSON.writeValueAsBytes(review)));

        assertThat(answer.path("response").path("allowed").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadablePodSpecs")
    void theUnreadablePodSpecOfAnUnmarkedWorkloadIsNeverRead(String description, String field, JsonNode value)
            throws IOException {
        ObjectNode review = review("Deployment");
        set(object(review), field, value);
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());
        assertThatThrownBy(() -> handler.handle(JSON.writeValueAsBytes(review)))
                .isInstanceOf(InvalidReviewException.class);

        // Unmarked and running no catalogued image (sonarr's would be detected, and so read).
        unmark(object(review));
        for (JsonNode c :
                object(review).path("spec").path("template").path("spec").path("containers")) {
            if (c.isObject()) {
                ((ObjectNode) c).put("image", "registry.example/tools/busybox:1.36");
            }
        }
        JsonNode answer = JSON.readTree(handler.handle(JSON.writeValueAsBytes(review)));

        assertThat(answer.path("response").path("allowed").asBoolean()).isTrue();
        assertThat(answer.path("response").has("status")).isFalse();
    }

    static Stream<Arguments> unreadablePodSpecs() {
        return Stream.of(
                Arguments.of(
                        "a runAsUser that is a string",
                        "spec.template.spec.securityContext",
                        F.objectNode().put("runAsUser", "root")),
                Arguments.of(
                        "a container without a name",
                        "spec.template.spec.containers[0]",
                        F.objectNode().put("image", "app:1")),
                Arguments.of("a null container", "spec.template.spec.containers[0]", F.nullNode()));
    }

    @Test
    void theTemplateShapeOfAnUnmarkedWorkloadIsStillChecked() throws IOException {
        ObjectNode review = review("Deployment");
        unmark(object(review));
        set(object(review), "spec.template.spec", F.textNode("x"));
        AdmissionReviewHandler handler = Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());

        assertThatThrownBy(() -> handler.handle(JSON.writeValueAsBytes(review)))
                .isInstanceOf(InvalidReviewException.class)
                .hasMessage("request.object cannot be read: spec.template.spec must be an object, not a string");
    }

    /** Removes walguard.dev/sqlite-wal from the object's and its template's annotations. */
    private static void unmark(ObjectNode object) {
        for (JsonNode meta : List.of(
                object.path("metadata"), object.path("spec").path("template").path("metadata"))) {
            if (meta.path("annotations").isObject()) {
                ((ObjectNode) meta.path("annotations")).remove("walguard.dev/sqlite-wal");
            }
        }
    }

    /** The sonarr Deployment of examples/reviews, marked on its own metadata too, reshaped as {@code kind}. */
    private static ObjectNode review(String kind) throws IOException {
        ObjectNode review = (ObjectNode) JSON.readTree(DENY.toFile());
        ObjectNode object = object(review);
        ((ObjectNode) object.path("metadata").path("annotations")).put("walguard.dev/sqlite-wal", "true");
        ObjectNode template = (ObjectNode) object.path("spec").path("template");
        ((ObjectNode) review.path("request").path("kind")).put("kind", kind);
        object.put("kind", kind);
        switch (kind) {
            case "StatefulSet" ->
                ((ObjectNode) object.path("spec"))
                        .putArray("volumeClaimTemplates")
                        .addObject()
                        .putObject("metadata")
                        .put("name", "state");
            case "CronJob" -> {
                ObjectNode spec = F.objectNode().put("schedule", "@daily");
                spec.putObject("jobTemplate").putObject("spec").set("template", template);
                object.set("spec", spec);
            }
            case "Pod" -> {
                ((ObjectNode) object.path("metadata")).setAll((ObjectNode) template.path("metadata"));
                object.set("spec", template.path("spec"));
            }
            case "Rollout" -> object.put("apiVersion", "argoproj.io/v1alpha1");
            default -> {}
        }
        return review;
    }

    private static ObjectNode object(ObjectNode review) {
        return (ObjectNode) review.path("request").path("object");
    }

    /** Sets a dotted path ({@code a.b[0]}); null removes the field. */
    private static void set(ObjectNode object, String field, JsonNode value) {
        String[] steps = field.split("\\.");
        JsonNode parent = object;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = parent.path(steps[i]);
        }
        String last = steps[steps.length - 1];
        if (last.endsWith("[0]")) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) parent.path(last.substring(0, last.length() - 3)))
                    .set(0, value);
        } else if (value == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }
}
