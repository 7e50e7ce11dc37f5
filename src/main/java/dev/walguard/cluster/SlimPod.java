package dev.walguard.cluster;

import dev.walguard.policy.Detection;
import dev.walguard.policy.ImageDetection;
import dev.walguard.policy.Marking;
import dev.walguard.policy.VolumeScope;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One cached pod, reduced to what the rules read of it:
 * <ul>
 * <li>metadata: name and namespace (the cache key), uid, resourceVersion ({@link SlimObject}), the
 * {@code walguard.dev/*} annotations, the {@code pod-template-hash} label, the controller owner reference;</li>
 * <li>spec: the {@link SlimTemplate} its replicas share (pod identity, containers and their claim mounts), its
 * own claim volumes (StatefulSet pods each have their own claim), and the node it is bound to (node observations
 * are looked up by it);</li>
 * <li>status.phase.</li>
 * </ul>
 * The template, the owner and the annotations are interned, so replicas of one workload share them.
 */
final class SlimPod extends SlimObject {

    private static final String TEMPLATE_HASH = "pod-template-hash";
    /** Bare detected pods are kept whatever {@code walguard.detect} says; the policy decides. */
    private static final ImageDetection DETECTION = ImageDetection.of(Detection.IMAGES);

    final String phase;
    final String nodeName;
    final Map<String, String> annotations;
    final String templateHash;
    final Owner owner;
    final SlimTemplate template;
    final List<ClaimVolume> volumes;
    /** Whether the reduced pod yields the findings of the whole pod (see {@link #isBareAndMarked()}). */
    final boolean complete;

    record ClaimVolume(String name, String claimName, Boolean readOnly) {
        Volume toVolume() {
            Volume v = new Volume();
            v.setName(name);
            PersistentVolumeClaimVolumeSource src = new PersistentVolumeClaimVolumeSource();
            src.setClaimName(claimName);
            src.setReadOnly(readOnly);
            v.setPersistentVolumeClaim(src);
            return v;
        }
    }

    private SlimPod(
            Pod pod, SlimTemplate template, List<ClaimVolume> volumes, WeakInterner interner, boolean complete) {
        super(pod.getMetadata());
        ObjectMeta meta = pod.getMetadata();
        this.phase = pod.getStatus() == null
                ? null
                : WeakInterner.string(pod.getStatus().getPhase());
        this.annotations = interner.intern(walguardAnnotations(meta));
        this.nodeName =
                pod.getSpec() == null ? null : WeakInterner.string(pod.getSpec().getNodeName());
        this.templateHash = meta == null || meta.getLabels() == null
                ? null
                : WeakInterner.string(meta.getLabels().get(TEMPLATE_HASH));
        this.owner = Owner.of(pod, interner);
        this.template = template;
        this.volumes = volumes;
        this.complete = complete;
    }

    /**
     * The reduced pod, or null for a pod without a {@code persistentVolumeClaim} volume: the rules read other pods
     * only through the claims they mount, and a pod's volumes never change after creation.
     */
    static SlimPod of(Pod pod, WeakInterner interner) {
        PodSpec spec = pod.getSpec();
        if (spec == null || spec.getVolumes() == null) {
            return null;
        }
        List<ClaimVolume> volumes = new ArrayList<>(1);
        Set<String> claimVolumeNames = new HashSet<>();
        for (Volume v : spec.getVolumes()) {
            PersistentVolumeClaimVolumeSource pvc = v.getPersistentVolumeClaim();
            if (pvc != null) {
                volumes.add(new ClaimVolume(
                        WeakInterner.string(v.getName()), WeakInterner.string(pvc.getClaimName()), pvc.getReadOnly()));
                claimVolumeNames.add(v.getName());
            }
        }
        if (volumes.isEmpty()) {
            return null;
        }
        // Replicas (of a Deployment, or of a StatefulSet, whose pods differ only in their claims) share this.
        SlimTemplate template = interner.intern(SlimTemplate.of(spec, claimVolumeNames));
        return new SlimPod(pod, template, List.copyOf(volumes), interner, complete(pod, spec, claimVolumeNames));
    }

    /**
     * Whether the pod's findings can be judged from its reduced form: every volume is a claim or a kind never in
     * scope, and no {@code walguard.dev/volumes} or {@code paths} annotation points at something that was dropped.
     */
    private static boolean complete(Pod pod, PodSpec spec, Set<String> claimVolumes) {
        for (Volume v : spec.getVolumes()) {
            if (v.getPersistentVolumeClaim() == null && VolumeScope.excludedKind(v) == null) {
                return false;
            }
        }
        Map<String, String> a =
                pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        if (a == null) {
            return true;
        }
        if (a.get(Marking.PATHS) != null && spec.getVolumes().size() > claimVolumes.size()) {
            return false;
        }
        return claimVolumes.containsAll(Marking.split(a.get(Marking.VOLUMES)));
    }

    private static Map<String, String> walguardAnnotations(ObjectMeta meta) {
        if (meta == null || meta.getAnnotations() == null) {
            return null;
        }
        Map<String, String> kept = null;
        for (Map.Entry<String, String> a : meta.getAnnotations().entrySet()) {
            if (a.getKey() != null && a.getKey().startsWith(Marking.PREFIX) && a.getValue() != null) {
                if (kept == null) {
                    kept = new LinkedHashMap<>();
                }
                kept.put(WeakInterner.string(a.getKey()), WeakInterner.string(a.getValue()));
            }
        }
        return kept == null ? null : Map.copyOf(kept);
    }

    /**
     * A marked (or detected, {@link ImageDetection}) pod without a controller owner whose reduced form is complete:
     * what the audit takes as bare.
     */
    boolean isBareAndMarked() {
        if (owner != null || !complete) {
            return false;
        }
        ObjectMeta meta = new ObjectMeta();
        meta.setAnnotations(annotations);
        return Marking.isMarked(meta) || DETECTION.detects(meta, null, template.toSpec());
    }

    /** The claim names of its volumes (a claim mounted twice is named twice). */
    List<String> claimNames() {
        List<String> names = new ArrayList<>(volumes.size());
        for (ClaimVolume v : volumes) {
            if (v.claimName() != null) {
                names.add(v.claimName());
            }
        }
        return names;
    }

    /** A new Pod with the kept fields; name and namespace come from the cache key. */
    Pod toPod(String key) {
        ObjectMeta meta = metadata(key);
        if (annotations != null) {
            meta.setAnnotations(new LinkedHashMap<>(annotations));
        }
        if (templateHash != null) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(TEMPLATE_HASH, templateHash);
            meta.setLabels(labels);
        }
        if (owner != null) {
            List<OwnerReference> refs = new ArrayList<>(1);
            refs.add(owner.reference());
            meta.setOwnerReferences(refs);
        }
        Pod pod = new Pod();
        pod.setMetadata(meta);
        PodSpec spec = template.toSpec();
        spec.setVolumes(SlimTemplate.map(volumes, ClaimVolume::toVolume));
        spec.setNodeName(nodeName);
        pod.setSpec(spec);
        PodStatus status = new PodStatus();
        status.setPhase(phase);
        pod.setStatus(status);
        return pod;
    }
}
