package dev.walguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns Kubernetes objects into {@link Workload}s: Pods, the built-in controllers, and any kind with a pod template. */
public final class Workloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Workloads() {
    }

    /**
     * The workload an object describes, or empty when it carries no pod template (a ConfigMap, a Service, ...).
     *
     * @param namespace the namespace to use when the object has none (controller-made Pods arrive without one)
     */
    public static Optional<Workload> of(HasMetadata object, String namespace) {
        if (object == null) {
            return Optional.empty();
        }
        ObjectMeta meta = object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
        String ns = namespace != null && !namespace.isEmpty() ? namespace
                : meta.getNamespace() != null ? meta.getNamespace() : "default";
        String kind = object.getKind() != null ? object.getKind() : object.getClass().getSimpleName();
        if (object instanceof Pod pod) {
            return Optional.of(new Workload("Pod", ns, meta.getName(), meta.getGenerateName(), meta, meta,
                    pod.getSpec(), List.of()));
        }
        if (object instanceof Deployment d) {
            return template(kind, ns, meta, d.getSpec() == null ? null : d.getSpec().getTemplate(), List.of());
        }
        if (object instanceof StatefulSet s) {
            return template(kind, ns, meta, s.getSpec() == null ? null : s.getSpec().getTemplate(),
                    s.getSpec() == null ? List.of() : s.getSpec().getVolumeClaimTemplates());
        }
        if (object instanceof DaemonSet d) {
            return template(kind, ns, meta, d.getSpec() == null ? null : d.getSpec().getTemplate(), List.of());
        }
        if (object instanceof ReplicaSet r) {
            return template(kind, ns, meta, r.getSpec() == null ? null : r.getSpec().getTemplate(), List.of());
        }
        if (object instanceof ReplicationController r) {
            return template(kind, ns, meta, r.getSpec() == null ? null : r.getSpec().getTemplate(), List.of());
        }
        if (object instanceof Job j) {
            return template(kind, ns, meta, j.getSpec() == null ? null : j.getSpec().getTemplate(), List.of());
        }
        if (object instanceof CronJob c) {
            PodTemplateSpec t = c.getSpec() == null || c.getSpec().getJobTemplate() == null
                    || c.getSpec().getJobTemplate().getSpec() == null ? null
                    : c.getSpec().getJobTemplate().getSpec().getTemplate();
            return template(kind, ns, meta, t, List.of());
        }
        return generic(kind, ns, meta, MAPPER.valueToTree(object));
    }

    /** Any other kind (Argo Rollouts, OpenKruise CloneSets, ...): a pod template at the usual places. */
    private static Optional<Workload> generic(String kind, String ns, ObjectMeta meta, JsonNode tree) {
        JsonNode spec = tree.path("spec");
        JsonNode template = spec.path("template");
        if (!isPodTemplate(template)) {
            template = spec.path("jobTemplate").path("spec").path("template");
        }
        if (!isPodTemplate(template)) {
            return Optional.empty();
        }
        PodTemplateSpec podTemplate = MAPPER.convertValue(template, PodTemplateSpec.class);
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        if (spec.path("volumeClaimTemplates") instanceof ArrayNode array) {
            for (JsonNode claim : array) {
                claims.add(MAPPER.convertValue(claim, PersistentVolumeClaim.class));
            }
        }
        return template(kind, ns, meta, podTemplate, claims);
    }

    private static boolean isPodTemplate(JsonNode node) {
        return node.isObject() && node.path("spec").path("containers").isArray();
    }

    private static Optional<Workload> template(String kind, String ns, ObjectMeta meta, PodTemplateSpec template,
            List<PersistentVolumeClaim> claimTemplates) {
        ObjectMeta podMeta = template == null ? null : template.getMetadata();
        return Optional.of(new Workload(kind, ns, meta.getName(), meta.getGenerateName(), meta, podMeta,
                template == null ? null : template.getSpec(), claimTemplates));
    }

    static Optional<OwnerReference> controllerOf(ObjectMeta meta) {
        if (meta == null || meta.getOwnerReferences() == null) {
            return Optional.empty();
        }
        return meta.getOwnerReferences().stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }
}
