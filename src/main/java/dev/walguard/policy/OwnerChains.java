package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Map;
import java.util.Optional;

/**
 * Follows controller owner references to the top (Pod → ReplicaSet → Deployment, Pod → Job → CronJob, ...), so
 * pods of one workload, old revisions included, are never held against that workload.
 */
final class OwnerChains {

    /** The top of an owner chain. */
    record Root(String kind, String name) {}

    /**
     * The top of an owner chain and how to refer to it: its API version and uid as the last owner reference followed
     * gives them (null when the chain does not name them, e.g. a Deployment found from a ReplicaSet not cached yet).
     */
    record Top(Root root, String apiVersion, String uid) {}

    private static final int MAX_DEPTH = 8;

    private OwnerChains() {}

    static Root rootOf(String namespace, String kind, String name, ObjectMeta meta, ClusterView view) {
        return topOf(namespace, kind, null, name, meta, view).root();
    }

    /** As {@link #rootOf}, with the reference; {@code apiVersion} and {@code meta}'s uid are the start's own. */
    static Top topOf(String namespace, String kind, String apiVersion, String name, ObjectMeta meta, ClusterView view) {
        Top top = new Top(new Root(kind, name), apiVersion, meta == null ? null : meta.getUid());
        Optional<OwnerReference> owner = Workloads.controllerOf(meta);
        for (int depth = 0; owner.isPresent() && depth < MAX_DEPTH; depth++) {
            OwnerReference o = owner.get();
            if (o.getKind() == null || o.getName() == null) {
                break; // names nothing to follow (the API server requires both); found by AdmissionFuzzTest
            }
            top = new Top(new Root(o.getKind(), o.getName()), o.getApiVersion(), o.getUid());
            owner = view.controllerOf(namespace, o.getKind(), o.getName());
            if (owner.isEmpty() && depth == 0) {
                owner = deploymentFromHash(o, meta);
            }
        }
        return top;
    }

    /**
     * A ReplicaSet not cached yet: Deployments name their ReplicaSets {@code <deployment>-<pod-template-hash>}, and
     * the pod carries the hash as a label.
     */
    private static Optional<OwnerReference> deploymentFromHash(OwnerReference owner, ObjectMeta podMeta) {
        Map<String, String> labels = podMeta == null ? null : podMeta.getLabels();
        String hash = labels == null ? null : labels.get("pod-template-hash");
        if (!"ReplicaSet".equals(owner.getKind())
                || hash == null
                || !owner.getName().endsWith("-" + hash)) {
            return Optional.empty();
        }
        String deployment = owner.getName().substring(0, owner.getName().length() - hash.length() - 1);
        OwnerReference ref = new OwnerReference();
        ref.setApiVersion("apps/v1");
        ref.setKind("Deployment");
        ref.setName(deployment);
        return Optional.of(ref);
    }
}
