package dev.walguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walguard.policy.ObservedNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The node agent's {@code NodeObservation} kind (CRD {@code nodeobservations.walguard.dev}, cluster-scoped, one
 * object per node): its coordinates, shared by the agent that writes it and the views that read it, and how a read
 * object becomes an {@link ObservedNode}.
 */
public final class NodeObservationKind {

    public static final String GROUP = "walguard.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "NodeObservation";

    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP)
            .withVersion(VERSION)
            .withKind(KIND)
            .withPlural("nodeobservations")
            .withNamespaced(false)
            .build();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NodeObservationKind() {}

    static boolean is(GenericKubernetesResource object) {
        return KIND.equals(object.getKind()) && API_VERSION.equals(object.getApiVersion());
    }

    /** The object's status as an observation, or why it is not one. */
    static ObservedNode.Parsed read(GenericKubernetesResource object) {
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        JsonNode status = MAPPER.valueToTree(object.getAdditionalProperties().get("status"));
        return ObservedNode.parse(name == null ? "(unnamed)" : name, status);
    }
}
