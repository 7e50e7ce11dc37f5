package dev.walguard.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns Kubernetes objects into {@link Workload}s: Pods, and every kind with a pod template at
 * {@code spec.template} (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, Argo Rollout,
 * OpenKruise CloneSet, ...) or {@code spec.jobTemplate.spec.template} (CronJob).
 *
 * <p>Only the parts the rules read are turned into fabric8 model objects (metadata without managedFields, the pod
 * template, claim templates); the rest of the object is never bound, which keeps admission fast.
 */
public final class Workloads {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A part of the object the rules need has the wrong shape; {@code path} says where. */
    public static final class UnreadableWorkloadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnreadableWorkloadException(String message) {
            super(message);
        }
    }

    private Workloads() {}

    /** As {@link #of(JsonNode, String)}, for a typed object (CLI, reports). */
    public static Optional<Workload> of(HasMetadata object, String namespace) {
        return object == null ? Optional.empty() : of(MAPPER.<JsonNode>valueToTree(object), namespace);
    }

    /**
     * The workload an object describes, or empty when it carries no pod template (a ConfigMap, a Service, ...).
     *
     * @param namespace the namespace to use when the object has none (controller-made Pods arrive without one)
     * @throws UnreadableWorkloadException when the metadata or pod template has wrongly typed fields
     */
    public static Optional<Workload> of(JsonNode object, String namespace) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        String kind = object.path("kind").asText("");
        Optional<PodTemplates.Located> located = PodTemplates.locate(object, kind);
        if (located.isEmpty()) {
            return Optional.empty();
        }
        JsonNode spec = object.path("spec");
        JsonNode podMeta = located.get().podMetadata();
        JsonNode podSpec = located.get().podSpec();
        String podPath = located.get().podPath();
        ObjectMeta meta = metadata(object.path("metadata"), "metadata");
        ObjectMeta templateMeta = "Pod".equals(kind) ? meta : metadata(podMeta, podPath + ".metadata");
        String specPath = "Pod".equals(kind) ? "spec" : podPath + ".spec";
        PodSpec pod = bind(readPart(podSpec), PodSpec.class, specPath);
        requireNames(pod, specPath);
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        JsonNode templates = spec.path("volumeClaimTemplates");
        if (!templates.isArray() && !templates.isMissingNode() && !templates.isNull()) {
            throw new UnreadableWorkloadException(
                    "spec.volumeClaimTemplates must be a list, not " + PodTemplates.type(templates));
        }
        for (int i = 0; templates.isArray() && i < templates.size(); i++) {
            String path = "spec.volumeClaimTemplates[" + i + "]";
            if (!templates.get(i).isObject()) {
                throw new UnreadableWorkloadException(
                        path + " must be an object, not " + PodTemplates.type(templates.get(i)));
            }
            claims.add(bind(templates.get(i), PersistentVolumeClaim.class, path));
        }
        String ns = namespace != null && !namespace.isEmpty()
                ? namespace
                : meta.getNamespace() != null ? meta.getNamespace() : "default";
        return Optional.of(new Workload(
                kind.isEmpty() ? "Object" : kind,
                ns,
                meta.getName(),
                meta.getGenerateName(),
                meta,
                templateMeta,
                pod,
                claims));
    }

    private static ObjectMeta metadata(JsonNode node, String path) {
        if (!node.isObject()) {
            return new ObjectMeta();
        }
        // managedFields is the bulk of most metadata and no rule reads it.
        JsonNode slim = node;
        if (node.has("managedFields")) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.properties().forEach(e -> {
                if (!"managedFields".equals(e.getKey())) {
                    copy.set(e.getKey(), e.getValue());
                }
            });
            slim = copy;
        }
        return bind(slim, ObjectMeta.class, path);
    }

    private static final List<String> POD_FIELDS =
            List.of("containers", "initContainers", "ephemeralContainers", "volumes", "securityContext");
    private static final List<String> CONTAINER_FIELDS = List.of("name", "image", "volumeMounts", "securityContext");

    /**
     * The part of a pod spec the rules read: containers (name, image, mounts, securityContext), volumes and the
     * pod securityContext; env only for a catalogued image ({@link ImageDetection}). Probes, resources, affinity and
     * unknown fields are never bound nor walked, so their size costs only the parse. Lists keep every entry, so
     * paths in errors are the object's own.
     */
    private static JsonNode readPart(JsonNode spec) {
        if (!spec.isObject()) {
            return spec;
        }
        ObjectNode slim = keep((ObjectNode) spec, POD_FIELDS);
        slim.properties().forEach(e -> {
            if (e.getValue().isArray() && !"volumes".equals(e.getKey())) {
                ArrayNode containers = slim.arrayNode(e.getValue().size());
                e.getValue()
                        .forEach(c -> containers.add(
                                c.isObject()
                                        ? keep((ObjectNode) c, ImageDetection.fieldsToRead(c, CONTAINER_FIELDS))
                                        : c));
                e.setValue(containers);
            }
        });
        return slim;
    }

    /** The fields of {@code node} that are in {@code fields}, in the node's order (errors name the first). */
    private static ObjectNode keep(ObjectNode node, List<String> fields) {
        ObjectNode out = node.objectNode();
        node.properties().forEach(e -> {
            if (fields.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static <T> T bind(JsonNode node, Class<T> type, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        rejectNullElements(node, path);
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            StringBuilder at = new StringBuilder(path);
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    at.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    at.append('[').append(r.getIndex()).append(']');
                }
            }
            throw new UnreadableWorkloadException(
                    ErrorText.firstLine(e.getOriginalMessage(), "unreadable value") + " at " + at);
        } catch (JsonProcessingException e) {
            throw new UnreadableWorkloadException(
                    ErrorText.firstLine(e.getOriginalMessage(), "unreadable value") + " at " + path);
        }
    }

    /** The names the rules key on (the API server requires them): containers, volumes, mounts and mount paths. */
    private static void requireNames(PodSpec spec, String path) {
        if (spec == null) {
            return;
        }
        requireContainerNames(
                spec.getInitContainers(), path + ".initContainers", Container::getName, Container::getVolumeMounts);
        requireContainerNames(
                spec.getContainers(), path + ".containers", Container::getName, Container::getVolumeMounts);
        requireContainerNames(
                spec.getEphemeralContainers(),
                path + ".ephemeralContainers",
                EphemeralContainer::getName,
                EphemeralContainer::getVolumeMounts);
        List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            if (missing(volumes.get(i).getName())) {
                throw isMissing(path + ".volumes[" + i + "].name");
            }
        }
    }

    // Paths are built only for the error: building one per mount cost more than the check.
    private static <C> void requireContainerNames(
            List<C> containers, String path, Function<C, String> name, Function<C, List<VolumeMount>> mounts) {
        for (int i = 0; containers != null && i < containers.size(); i++) {
            if (missing(name.apply(containers.get(i)))) {
                throw isMissing(path + "[" + i + "].name");
            }
            List<VolumeMount> list = mounts.apply(containers.get(i));
            for (int j = 0; list != null && j < list.size(); j++) {
                if (missing(list.get(j).getName())) {
                    throw isMissing(path + "[" + i + "].volumeMounts[" + j + "].name");
                }
                if (missing(list.get(j).getMountPath())) {
                    throw isMissing(path + "[" + i + "].volumeMounts[" + j + "].mountPath");
                }
            }
        }
    }

    private static boolean missing(String value) {
        return value == null || value.isEmpty();
    }

    private static UnreadableWorkloadException isMissing(String path) {
        return new UnreadableWorkloadException(path + " is missing");
    }

    /** One node of the walk below: its parent, and its field name or (for a list entry) its index. */
    private record Step(JsonNode node, Step parent, String field, int index) {

        /** {@code base.a[2].b}: built only for an error, so long keys are not copied for every node. */
        String path(String base) {
            List<Step> steps = new ArrayList<>();
            for (Step s = this; s.parent() != null; s = s.parent()) {
                steps.add(s);
            }
            StringBuilder at = new StringBuilder(base);
            for (int i = steps.size() - 1; i >= 0; i--) {
                Step s = steps.get(i);
                at.append(s.field() != null ? "." + s.field() : "[" + s.index() + "]");
            }
            return at.toString();
        }
    }

    /**
     * A list with a null entry ({@code containers: [null]}) is malformed; the rules would trip over it. Walks the
     * tree depth-first in document order, so the first null entry is the one reported.
     */
    private static void rejectNullElements(JsonNode node, String path) {
        Deque<Step> todo = new ArrayDeque<>();
        todo.push(new Step(node, null, null, -1));
        List<Step> children = new ArrayList<>();
        while (!todo.isEmpty()) {
            Step step = todo.pop();
            JsonNode n = step.node();
            if (n.isNull() && step.index() >= 0) {
                throw new UnreadableWorkloadException("a list has a null entry at " + step.path(path));
            }
            children.clear();
            // Only lists, objects and null list entries are visited: a scalar can hold no null entry.
            if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    if (n.get(i).isContainerNode() || n.get(i).isNull()) {
                        children.add(new Step(n.get(i), step, null, i));
                    }
                }
            } else if (n.isObject()) {
                n.properties().forEach(e -> {
                    if (e.getValue().isContainerNode()) {
                        children.add(new Step(e.getValue(), step, e.getKey(), -1));
                    }
                });
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i));
            }
        }
    }

    /** The controller owner reference, the only owner walguard follows. */
    public static Optional<OwnerReference> controllerOf(ObjectMeta meta) {
        if (meta == null || meta.getOwnerReferences() == null) {
            return Optional.empty();
        }
        return meta.getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst();
    }
}
