package dev.walguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the pod template of an object and checks the shape of the parts walguard reads. A part of the wrong JSON
 * type is an {@link Workloads.UnreadableWorkloadException}, never "this object has no pod template": that answer
 * admits the object without a look, so a marked Deployment whose {@code spec.template.spec} is a string would pass
 * unjudged.
 */
final class PodTemplates {

    /** Where the template is: the pod's metadata and spec, and the path of the template for messages. */
    record Located(JsonNode podMetadata, JsonNode podSpec, String podPath) {}

    /** Kinds whose API requires a pod template, and where it is. */
    private static final Map<String, List<String>> BUILT_IN = Map.of(
            "Deployment", List.of("spec", "template"),
            "StatefulSet", List.of("spec", "template"),
            "DaemonSet", List.of("spec", "template"),
            "ReplicaSet", List.of("spec", "template"),
            "ReplicationController", List.of("spec", "template"),
            "Job", List.of("spec", "template"),
            "CronJob", List.of("spec", "jobTemplate", "spec", "template"));

    private static final List<List<String>> OTHER_KINDS =
            List.of(List.of("spec", "template"), List.of("spec", "jobTemplate", "spec", "template"));

    private PodTemplates() {}

    /**
     * The pod template of a Pod (its own metadata and spec), of a built-in kind that has one (required, checked),
     * or of another kind that declares {@code containers} at {@code spec.template.spec} or
     * {@code spec.jobTemplate.spec.template.spec} (then checked); empty for anything else.
     */
    static Optional<Located> locate(JsonNode object, String kind) {
        if ("Pod".equals(kind)) {
            objectOrAbsent(object.path("metadata"), "metadata");
            JsonNode spec = required(object.path("spec"), "spec");
            requireContainers(spec, "spec");
            return Optional.of(new Located(object.path("metadata"), spec, "spec"));
        }
        List<String> at = BUILT_IN.get(kind);
        if (at != null) {
            JsonNode node = object;
            String path = "";
            for (String step : at) {
                path = path.isEmpty() ? step : path + "." + step;
                node = required(node.path(step), path);
            }
            return Optional.of(template(object, node, path));
        }
        for (List<String> candidate : OTHER_KINDS) {
            JsonNode node = object;
            for (String step : candidate) {
                node = node.path(step);
            }
            JsonNode spec = node.path("spec");
            if (spec.isObject()
                    && spec.has("containers")
                    && !spec.get("containers").isNull()) {
                return Optional.of(template(object, node, String.join(".", candidate)));
            }
        }
        return Optional.empty();
    }

    private static Located template(JsonNode object, JsonNode template, String path) {
        objectOrAbsent(object.path("metadata"), "metadata");
        objectOrAbsent(template.path("metadata"), path + ".metadata");
        JsonNode spec = required(template.path("spec"), path + ".spec");
        requireContainers(spec, path + ".spec");
        return new Located(template.path("metadata"), spec, path);
    }

    private static void requireContainers(JsonNode spec, String path) {
        JsonNode containers = spec.path("containers");
        if (containers.isMissingNode() || containers.isNull()) {
            throw new Workloads.UnreadableWorkloadException(path + ".containers is missing");
        }
        if (!containers.isArray()) {
            throw new Workloads.UnreadableWorkloadException(
                    path + ".containers must be a list, not " + type(containers));
        }
    }

    private static JsonNode required(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            throw new Workloads.UnreadableWorkloadException(path + " is missing");
        }
        return objectOrAbsent(node, path);
    }

    private static JsonNode objectOrAbsent(JsonNode node, String path) {
        if (!node.isObject() && !node.isMissingNode() && !node.isNull()) {
            throw new Workloads.UnreadableWorkloadException(path + " must be an object, not " + type(node));
        }
        return node;
    }

    /** {@code a string}, {@code a list}, ...: what a wrongly typed value is, for messages. */
    static String type(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isObject() ? "an object" : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
