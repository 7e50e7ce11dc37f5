package dev.walguard.cluster;

import dev.walguard.policy.NodeObservations;
import dev.walguard.policy.ObservedNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.jboss.logging.Logger;

/**
 * The NodeObservation informer's store: it keeps no object, only what {@link ObservedNode} reads of it (network
 * volumes and network mounts, a small part of a status of up to 256 KiB), and feeds the {@link NodeObservations}
 * the rules look up. An object that is not an observation (no times, no status) is left out with one log line.
 */
final class ObservationItemStore extends ReducingItemStore<GenericKubernetesResource, ObservationItemStore.Kept> {

    private static final Logger LOG = Logger.getLogger(LiveClusterView.class);

    record Kept(ObservedNode node, String resourceVersion) {}

    private final NodeObservations observations;

    ObservationItemStore(NodeObservations observations) {
        super(false);
        this.observations = observations;
    }

    @Override
    Kept reduce(GenericKubernetesResource object) {
        ObservedNode.Parsed parsed = NodeObservationKind.read(object);
        if (parsed.node() == null) {
            LOG.warn(parsed.problem());
            return null;
        }
        return new Kept(parsed.node(), object.getMetadata().getResourceVersion());
    }

    /** The name and resourceVersion only: the informer compares those, and nothing else reads the object back. */
    @Override
    GenericKubernetesResource restore(String key, Kept kept) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion(NodeObservationKind.API_VERSION);
        object.setKind(NodeObservationKind.KIND);
        object.setMetadata(new ObjectMetaBuilder()
                .withName(key)
                .withResourceVersion(kept.resourceVersion())
                .build());
        return object;
    }

    @Override
    void changed(String key, Kept old, Kept kept) {
        if (kept != null) {
            observations.put(kept.node());
        } else if (old != null) {
            observations.remove(old.node().node());
        }
    }
}
