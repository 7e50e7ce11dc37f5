package dev.walguard.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walguard.cluster.NodeObservationKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * Writes a node's observations as the cluster-scoped {@code NodeObservation} named after the node (CRD
 * {@code nodeobservations.walguard.dev}), owned by the Node so that Kubernetes deletes it with the node.
 */
public final class ObservationPublisher {

    public static final ResourceDefinitionContext CONTEXT = NodeObservationKind.CONTEXT;

    static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "walguard-node-agent");

    private final KubernetesClient client;
    private final String node;
    private List<OwnerReference> owner;

    public ObservationPublisher(KubernetesClient client, String node) {
        this.client = client;
        this.node = node;
    }

    /** Creates or replaces the node's object with this status. */
    public void publish(ObjectNode status) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion(NodeObservationKind.API_VERSION)
                .withKind(NodeObservationKind.KIND)
                .withNewMetadata()
                .withName(node)
                .withLabels(LABELS)
                .withOwnerReferences(owner())
                .endMetadata()
                .build();
        object.setAdditionalProperty(
                "status", ObservationJson.MAPPER.convertValue(status, new TypeReference<Map<String, Object>>() {}));
        var resources = client.genericKubernetesResources(CONTEXT);
        try {
            GenericKubernetesResource existing = resources.withName(node).get();
            if (existing == null) {
                resources.resource(object).create();
            } else {
                object.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                resources.resource(object).update();
            }
        } catch (KubernetesClientException e) {
            throw new KubernetesClientException(explain(e), e);
        }
    }

    private String explain(KubernetesClientException e) {
        return switch (e.getCode()) {
            case 404 ->
                "NodeObservation " + node + " cannot be written because the CRD nodeobservations.walguard.dev "
                        + "is not installed; apply the node agent's manifest (deploy/80-node-agent.yaml.optional) or set "
                        + "agent.enabled=true in the chart";
            case 403 ->
                "NodeObservation " + node + " cannot be written because the agent's ServiceAccount lacks the "
                        + "permission (docs/rbac.md, \"The node agent\"): " + firstLine(e);
            case 409 ->
                "NodeObservation " + node + " changed while it was being written; the next scan writes it again";
            default -> "NodeObservation " + node + " cannot be written: " + firstLine(e);
        };
    }

    /**
     * The Node as owner, looked up once. Without it (no permission, or an API error) the object is written
     * without an owner: readers still expire it by {@code expiresAt}.
     */
    private List<OwnerReference> owner() {
        if (owner == null) {
            try {
                Node n = client.nodes().withName(node).get();
                owner = n == null
                        ? List.of()
                        : List.of(new OwnerReferenceBuilder()
                                .withApiVersion("v1")
                                .withKind("Node")
                                .withName(node)
                                .withUid(n.getMetadata().getUid())
                                .build());
            } catch (KubernetesClientException e) {
                AgentLog.warn("the Node " + node + " cannot be read (" + firstLine(e) + "); publishing without an "
                        + "owner, so its NodeObservation is not deleted with the node");
                return List.of();
            }
        }
        return owner;
    }

    private static String firstLine(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return message == null
                ? "HTTP " + e.getCode()
                : ObservationJson.cut(message.lines().findFirst().orElse(""), 300);
    }
}
