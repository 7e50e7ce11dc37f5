package dev.walguard.policy;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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

    /**
     * Unknown fields skipped ({@link UnknownFieldsSkipped}); a null list entry ({@code containers: [null]}) fails
     * binding, as the rules would trip over it. Only lists binding reads are checked, during the one pass that binds
     * them: a null in a field no rule reads is no error, as a wrongly typed one is none.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule().setDeserializerModifier(new UnknownFieldsSkipped()))
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .build();

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
        return of(object, namespace, true);
    }

    /**
     * As {@link #of(JsonNode, String)}, but the pod spec and claim templates of an unmarked workload are neither
     * bound nor checked: admission never looks into them, and an unmarked review (most of them) then costs little
     * more than its parse. The shape of the template and the metadata are checked either way.
     */
    public static Optional<Workload> forAdmission(JsonNode object, String namespace) {
        return of(object, namespace, false);
    }

    private static Optional<Workload> of(JsonNode object, String namespace, boolean bindUnmarked) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        String kind = object.path("kind").asText("");
        Optional<PodTemplates.Located> located = PodTemplates.locate(object, kind);
        if (located.isEmpty()) {
            return Optional.empty();
        }
        JsonNode podMeta = located.get().podMetadata();
        JsonNode podSpec = located.get().podSpec();
        String podPath = located.get().podPath();
        ObjectMeta meta = metadata(object.path("metadata"), "metadata");
        ObjectMeta templateMeta = "Pod".equals(kind) ? meta : metadata(podMeta, podPath + ".metadata");
        String ns = namespace != null && !namespace.isEmpty()
                ? namespace
                : meta.getNamespace() != null ? meta.getNamespace() : "default";
        String shownKind = kind.isEmpty() ? "Object" : kind;
        if (!bindUnmarked && !Marking.isMarked(meta, templateMeta) && !ImageDetection.mayDetect(podSpec)) {
            return Optional.of(new Workload(
                    shownKind, ns, meta.getName(), meta.getGenerateName(), meta, templateMeta, null, List.of()));
        }
        String specPath = "Pod".equals(kind) ? "spec" : podPath + ".spec";
        PodSpec pod = bind(readPart(podSpec), PodSpec.class, specPath);
        requireNames(pod, specPath);
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        JsonNode templates = object.path("spec").path("volumeClaimTemplates");
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
        return Optional.of(
                new Workload(shownKind, ns, meta.getName(), meta.getGenerateName(), meta, templateMeta, pod, claims));
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

    /** nodeName: a bound pod's node, whose observations decide where its host paths are (ObservedStorage). */
    private static final List<String> POD_FIELDS =
            List.of("containers", "initContainers", "ephemeralContainers", "volumes", "securityContext", "nodeName");
    /** restartPolicy: an init container with {@code Always} is a native sidecar that runs beside the app. */
    private static final List<String> CONTAINER_FIELDS =
            List.of("name", "image", "volumeMounts", "securityContext", "restartPolicy");

    /**
     * The part of a pod spec the rules read: containers (name, image, mounts, securityContext, restartPolicy), volumes,
     * the pod securityContext and nodeName; env only for a catalogued image ({@link ImageDetection}). Probes, resources,
     * affinity and unknown fields are never bound nor walked, so their size costs only the parse. Lists keep every
     * entry, so paths in errors are the object's own.
     */
    private static JsonNode readPart(JsonNode spec) {
        if (!spec.isObject()) {
            return spec;
        }
        // Always a copy: the container lists are replaced in it, never in the review's own tree.
        ObjectNode slim = copyOf((ObjectNode) spec, POD_FIELDS);
        Map<String, List<String>> byImage = new HashMap<>();
        slim.properties().forEach(e -> {
            if (e.getValue().isArray() && !"volumes".equals(e.getKey())) {
                ArrayNode containers = slim.arrayNode(e.getValue().size());
                e.getValue().forEach(c -> containers.add(c.isObject() ? keep((ObjectNode) c, fields(c, byImage)) : c));
                e.setValue(containers);
            }
        });
        return slim;
    }

    /** The fields to keep of a container; the catalogue is asked once per image, however many containers run it. */
    private static List<String> fields(JsonNode c, Map<String, List<String>> byImage) {
        JsonNode image = c.path("image");
        return !image.isTextual()
                ? CONTAINER_FIELDS
                : byImage.computeIfAbsent(image.textValue(), i -> ImageDetection.fieldsToRead(c, CONTAINER_FIELDS));
    }

    /**
     * The fields of {@code node} that are in {@code fields}, in the node's order (errors name the first): the node
     * itself when it has no other field, so thousands of lean containers are not copied.
     */
    private static ObjectNode keep(ObjectNode node, List<String> fields) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!fields.contains(names.next())) {
                return copyOf(node, fields);
            }
        }
        return node;
    }

    private static ObjectNode copyOf(ObjectNode node, List<String> fields) {
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
        try {
            return MAPPER.treeToValue(node, type);
        } catch (InvalidNullException e) {
            throw new UnreadableWorkloadException("a list has a null entry at " + at(path, e));
        } catch (JsonMappingException e) {
            throw new UnreadableWorkloadException(
                    ErrorText.firstLine(e.getOriginalMessage(), "unreadable value") + " at " + at(path, e));
        } catch (JsonProcessingException e) {
            throw new UnreadableWorkloadException(
                    ErrorText.firstLine(e.getOriginalMessage(), "unreadable value") + " at " + path);
        }
    }

    /** {@code path.a[2].b}: where in the part binding failed. */
    private static String at(String path, JsonMappingException e) {
        StringBuilder at = new StringBuilder(path);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                at.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                at.append('[').append(r.getIndex()).append(']');
            }
        }
        return at.toString();
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
