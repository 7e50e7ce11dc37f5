package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pod informer's store: only pods that have a {@code persistentVolumeClaim} volume, each as a {@link SlimPod},
 * and its own {@link ClaimIndex} of pods by claim. Pods handed back are rebuilt on every call. Pods without claim
 * volumes are not stored at all; the change events only count pods on a claim, so the informer's add and update
 * notifications for the others do not matter.
 */
final class SlimPodItemStore extends ReducingItemStore<Pod, SlimPod> {

    private final ClaimIndex byClaim = new ClaimIndex();
    private final WeakInterner interner;

    SlimPodItemStore(WeakInterner interner) {
        super(false);
        this.interner = interner;
    }

    /** The cached pods with a volume on this claim, in no particular order; a new, mutable list. */
    List<Pod> podsMountingClaim(String namespace, String claimName) {
        String[] keys = byClaim.podKeys(namespace, claimName);
        List<Pod> pods = new ArrayList<>(keys.length);
        for (String key : keys) {
            Pod pod = get(key);
            if (pod != null) {
                pods.add(pod);
            }
        }
        return pods;
    }

    /**
     * Marked pods without a controller owner, for the background audit; only those whose reduced form gives the
     * same findings as the whole pod ({@link SlimPod#isBareAndMarked()}). Bare pods without a claim are not cached
     * at all, so the audit does not see them; admission still checks them.
     */
    List<Pod> bareMarkedPods() {
        List<Pod> out = new ArrayList<>();
        entries()
                .filter(e -> e.getValue().isBareAndMarked())
                .forEach(e -> out.add(e.getValue().toPod(e.getKey())));
        return out;
    }

    /** Number of claims in the index (for tests and diagnostics). */
    int indexedClaims() {
        return byClaim.size();
    }

    @Override
    SlimPod reduce(Pod pod) {
        return SlimPod.of(pod, interner);
    }

    @Override
    Pod restore(String key, SlimPod kept) {
        return kept.toPod(key);
    }

    /**
     * A pod's volumes never change, so only adds and deletes touch the index (and a pod re-created under the same
     * name with other claims).
     */
    @Override
    void changed(String key, SlimPod old, SlimPod kept) {
        if (old != null && (kept == null || !old.volumes.equals(kept.volumes))) {
            byClaim.remove(key, old.claimNames());
        }
        if (kept != null && (old == null || !old.volumes.equals(kept.volumes))) {
            byClaim.add(key, kept.claimNames());
        }
    }
}
