package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/**
 * A Pod, or an object that makes Pods, reduced to what the rules read: its own metadata, the metadata and spec of
 * the Pods it makes, and (for StatefulSets) its claim templates.
 *
 * @param kind           e.g. {@code Deployment}
 * @param namespace      where its Pods run
 * @param name           its name, or null when the API server has not generated it yet
 * @param generateName   the name prefix of a controller-made Pod, or null
 * @param metadata       the object's own metadata
 * @param podMetadata    the metadata of its Pods (the object's own for a Pod)
 * @param podSpec        the spec of its Pods
 * @param claimTemplates StatefulSet {@code volumeClaimTemplates}; empty otherwise
 */
public record Workload(
        String kind,
        String namespace,
        String name,
        String generateName,
        ObjectMeta metadata,
        ObjectMeta podMetadata,
        PodSpec podSpec,
        List<PersistentVolumeClaim> claimTemplates) {

    public Workload {
        metadata = metadata == null ? new ObjectMeta() : metadata;
        podMetadata = podMetadata == null ? new ObjectMeta() : podMetadata;
        podSpec = podSpec == null ? new PodSpec() : podSpec;
        claimTemplates = claimTemplates == null ? List.of() : List.copyOf(claimTemplates);
    }

    /** {@code Kind namespace/name}; a Pod whose name is not generated yet shows its prefix and {@code *}. */
    public String display() {
        String shownName = name != null && !name.isEmpty()
                ? name
                : generateName != null && !generateName.isEmpty() ? generateName + "*" : "(unnamed)";
        return kind + " " + namespace + "/" + shownName;
    }

    public boolean isPod() {
        return "Pod".equals(kind);
    }
}
