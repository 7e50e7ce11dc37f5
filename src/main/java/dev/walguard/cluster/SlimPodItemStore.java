package dev.walguard.cluster;

import dev.walguard.policy.Marking;
import dev.walguard.policy.VolumeScope;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Pod informer's store. The rules read other pods only through {@code podsMountingClaim}, so this store keeps
 * only pods that have a {@code persistentVolumeClaim} volume (a pod's volumes never change after creation), and of
 * those only what the rules read:
 * <ul>
 * <li>metadata: name and namespace (the key), uid, resourceVersion, {@code walguard.dev/*} annotations, the
 * {@code pod-template-hash} label, the controller owner reference;</li>
 * <li>spec: securityContext runAsUser, runAsGroup, fsGroup, supplementalGroups; every init, regular and ephemeral
 * container's name, image, securityContext runAsUser and runAsGroup, and its mounts of claim volumes (name,
 * mountPath, readOnly); the claim volumes;</li>
 * <li>status.phase.</li>
 * </ul>
 * The containers, the pod identity and the owner are interned, so replicas of one workload share them; only the
 * claim volumes are per pod (StatefulSet pods each have their own claim). Pods handed back are rebuilt from this
 * state on every call (callers may not keep a reference into the cache). Pods without claim volumes are not stored
 * at all; nothing listens to pod events, so the informer's add/update notifications for them do not matter.
 *
 * <p>The store keeps its own index of pods by {@code namespace/claimName}: one map entry per claim whose value is
 * the key of the pod on it (or an array of keys, for claims shared by several pods), instead of the informer
 * index's set per claim. Pods' volumes never change, so an update never moves a pod in that index.
 */
final class SlimPodItemStore implements ItemStore<Pod> {

    static final String TEMPLATE_HASH = "pod-template-hash";

    private final Map<String, Entry> items = new ConcurrentHashMap<>();
    /** {@code namespace/claimName} → the key of the pod on it, or a {@code String[]} of keys. */
    private final Map<String, Object> byClaim = new ConcurrentHashMap<>();
    private final WeakInterner interner;

    SlimPodItemStore(WeakInterner interner) {
        this.interner = interner;
    }

    /** The cached pods with a volume on this claim, in no particular order; a new, mutable list. */
    List<Pod> podsMountingClaim(String namespace, String claimName) {
        Object keys = byClaim.get(namespace + "/" + claimName);
        if (keys == null) {
            return new ArrayList<>(0);
        }
        String[] all = keys instanceof String one ? new String[] {one} : (String[]) keys;
        List<Pod> pods = new ArrayList<>(all.length);
        for (String key : all) {
            Pod pod = get(key);
            if (pod != null) {
                pods.add(pod);
            }
        }
        return pods;
    }

    /**
     * Marked pods without a controller owner, for the background audit. Only pods whose reduced form gives the same
     * findings as the whole pod qualify ({@code complete}: every volume is a claim or a kind never in scope, and no
     * {@code walguard.dev/volumes} or {@code paths} annotation points at something that was dropped). Bare pods
     * without a claim are not cached at all, so the audit does not see them; admission still checks them.
     */
    List<Pod> bareMarkedPods() {
        List<Pod> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : items.entrySet()) {
            Entry entry = e.getValue();
            if (entry.owner == null && entry.complete && entry.annotations != null
                    && Marking.isMarked(annotationsMeta(entry.annotations))) {
                out.add(entry.toPod(e.getKey()));
            }
        }
        return out;
    }

    private static ObjectMeta annotationsMeta(Map<String, String> annotations) {
        ObjectMeta meta = new ObjectMeta();
        meta.setAnnotations(annotations);
        return meta;
    }

    /** Number of claims in the index (for tests and diagnostics). */
    int indexedClaims() {
        return byClaim.size();
    }

    @Override
    public String getKey(Pod obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    /** Called by the informer's cache, which serializes all writes. */
    @Override
    public Pod put(String key, Pod obj) {
        Entry entry = slim(obj);
        Entry old = entry == null ? items.remove(key) : items.put(key, entry);
        if (old != null && (entry == null || !old.volumes.equals(entry.volumes))) {
            unindex(key, old);
        }
        if (entry != null && (old == null || !old.volumes.equals(entry.volumes))) {
            index(key, entry);
        }
        return restore(key, old);
    }

    @Override
    public Pod remove(String key) {
        Entry old = items.remove(key);
        if (old != null) {
            unindex(key, old);
        }
        return restore(key, old);
    }

    private void index(String podKey, Entry e) {
        for (String claim : claimKeys(podKey, e)) {
            byClaim.compute(claim, (k, v) -> {
                if (v == null) {
                    return podKey;
                }
                String[] keys = v instanceof String one ? new String[] {one} : (String[]) v;
                for (String existing : keys) {
                    if (existing.equals(podKey)) {
                        return v;
                    }
                }
                String[] more = Arrays.copyOf(keys, keys.length + 1);
                more[keys.length] = podKey;
                return more;
            });
        }
    }

    private void unindex(String podKey, Entry e) {
        for (String claim : claimKeys(podKey, e)) {
            byClaim.computeIfPresent(claim, (k, v) -> {
                if (v instanceof String one) {
                    return one.equals(podKey) ? null : v;
                }
                String[] keys = (String[]) v;
                String[] rest = Arrays.stream(keys).filter(x -> !x.equals(podKey)).toArray(String[]::new);
                return rest.length == 0 ? null : rest.length == 1 ? rest[0] : rest;
            });
        }
    }

    /** {@code namespace/claimName} of each claim volume; the namespace is the pod key's prefix. */
    private static Set<String> claimKeys(String podKey, Entry e) {
        String prefix = podKey.substring(0, podKey.indexOf('/') + 1);
        Set<String> claims = new LinkedHashSet<>();
        for (ClaimVolume v : e.volumes) {
            if (v.claimName() != null) {
                claims.add(prefix + v.claimName());
            }
        }
        return claims;
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<Pod> values() {
        return items.entrySet().stream().map(e -> restore(e.getKey(), e.getValue()));
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Pod get(String key) {
        return restore(key, items.get(key));
    }

    /** Not every pod is kept, so the informer must not defer its initial add events on this store's account. */
    @Override
    public boolean isFullState() {
        return false;
    }

    // --- reduction ---

    private Entry slim(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null || spec.getVolumes() == null) {
            return null;
        }
        List<ClaimVolume> volumes = new ArrayList<>(1);
        Set<String> claimVolumeNames = new HashSet<>();
        for (Volume v : spec.getVolumes()) {
            PersistentVolumeClaimVolumeSource pvc = v.getPersistentVolumeClaim();
            if (pvc != null) {
                volumes.add(new ClaimVolume(WeakInterner.string(v.getName()),
                        WeakInterner.string(pvc.getClaimName()), pvc.getReadOnly()));
                claimVolumeNames.add(v.getName());
            }
        }
        if (volumes.isEmpty()) {
            return null;
        }
        boolean complete = complete(pod, spec, claimVolumeNames);
        PodSecurityContext psc = spec.getSecurityContext();
        PodIdentity identity = psc == null ? null : new PodIdentity(psc.getRunAsUser(), psc.getRunAsGroup(),
                psc.getFsGroup(), groups(psc.getSupplementalGroups()));
        if (identity != null && identity.isEmpty()) {
            identity = null;
        }
        // Replicas (of a Deployment, or of a StatefulSet, whose pods differ only in their claims) share this.
        Template template = interner.intern(new Template(identity,
                containers(spec.getInitContainers(), claimVolumeNames),
                containers(spec.getContainers(), claimVolumeNames),
                ephemeral(spec.getEphemeralContainers(), claimVolumeNames)));
        return new Entry(pod, template, List.copyOf(volumes), interner, complete);
    }

    /** Whether the reduced pod yields the findings of the whole pod (see {@link #bareMarkedPods()}). */
    private static boolean complete(Pod pod, PodSpec spec, Set<String> claimVolumes) {
        for (Volume v : spec.getVolumes()) {
            if (v.getPersistentVolumeClaim() == null && VolumeScope.excludedKind(v) == null) {
                return false;
            }
        }
        Map<String, String> a = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        if (a == null) {
            return true;
        }
        if (a.get(Marking.PATHS) != null && spec.getVolumes().size() > claimVolumes.size()) {
            return false;
        }
        return claimVolumes.containsAll(Marking.split(a.get(Marking.VOLUMES)));
    }

    private static List<Long> groups(List<Long> groups) {
        if (groups == null || groups.isEmpty()) {
            return null;
        }
        return groups.stream().filter(java.util.Objects::nonNull).toList();
    }

    private static List<SlimContainer> containers(List<Container> list, Set<String> claimVolumes) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<SlimContainer> out = new ArrayList<>(list.size());
        for (Container c : list) {
            out.add(SlimContainer.of(c.getName(), c.getImage(), c.getSecurityContext(), c.getVolumeMounts(),
                    claimVolumes));
        }
        return List.copyOf(out);
    }

    private static List<SlimContainer> ephemeral(List<EphemeralContainer> list, Set<String> claimVolumes) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<SlimContainer> out = new ArrayList<>(list.size());
        for (EphemeralContainer c : list) {
            out.add(SlimContainer.of(c.getName(), c.getImage(), c.getSecurityContext(), c.getVolumeMounts(),
                    claimVolumes));
        }
        return List.copyOf(out);
    }

    private static Pod restore(String key, Entry e) {
        return e == null ? null : e.toPod(key);
    }

    // --- reduced state ---

    /** One cached pod. Its spec part and owner are shared between replicas. */
    private static final class Entry extends SlimObject {
        final String phase;
        final Map<String, String> annotations;
        final String templateHash;
        final Owner owner;
        final Template template;
        final List<ClaimVolume> volumes;
        final boolean complete;

        Entry(Pod pod, Template template, List<ClaimVolume> volumes, WeakInterner interner, boolean complete) {
            super(pod.getMetadata());
            ObjectMeta meta = pod.getMetadata();
            this.phase = pod.getStatus() == null ? null : WeakInterner.string(pod.getStatus().getPhase());
            this.annotations = interner.intern(walguardAnnotations(meta));
            this.templateHash = meta == null || meta.getLabels() == null ? null
                    : WeakInterner.string(meta.getLabels().get(TEMPLATE_HASH));
            this.owner = Owner.of(pod, interner);
            this.template = template;
            this.volumes = volumes;
            this.complete = complete;
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
            pod.setSpec(template.toSpec(volumes));
            PodStatus status = new PodStatus();
            status.setPhase(phase);
            pod.setStatus(status);
            return pod;
        }
    }

    record PodIdentity(Long runAsUser, Long runAsGroup, Long fsGroup, List<Long> supplementalGroups) {
        boolean isEmpty() {
            return runAsUser == null && runAsGroup == null && fsGroup == null && supplementalGroups == null;
        }

        PodSecurityContext toContext() {
            PodSecurityContext c = new PodSecurityContext();
            c.setRunAsUser(runAsUser);
            c.setRunAsGroup(runAsGroup);
            c.setFsGroup(fsGroup);
            if (supplementalGroups != null) {
                c.setSupplementalGroups(new ArrayList<>(supplementalGroups));
            }
            return c;
        }
    }

    record SlimMount(String name, String mountPath, Boolean readOnly) {
        VolumeMount toMount() {
            VolumeMount m = new VolumeMount();
            m.setName(name);
            m.setMountPath(mountPath);
            m.setReadOnly(readOnly);
            return m;
        }
    }

    record SlimContainer(String name, String image, Long runAsUser, Long runAsGroup, List<SlimMount> mounts) {

        static SlimContainer of(String name, String image, SecurityContext sc, List<VolumeMount> mounts,
                Set<String> claimVolumes) {
            List<SlimMount> kept = new ArrayList<>();
            if (mounts != null) {
                for (VolumeMount m : mounts) {
                    if (claimVolumes.contains(m.getName())) {
                        kept.add(new SlimMount(WeakInterner.string(m.getName()),
                                WeakInterner.string(m.getMountPath()), m.getReadOnly()));
                    }
                }
            }
            return new SlimContainer(WeakInterner.string(name), WeakInterner.string(image),
                    sc == null ? null : sc.getRunAsUser(), sc == null ? null : sc.getRunAsGroup(),
                    List.copyOf(kept));
        }

        SecurityContext securityContext() {
            if (runAsUser == null && runAsGroup == null) {
                return null;
            }
            SecurityContext sc = new SecurityContext();
            sc.setRunAsUser(runAsUser);
            sc.setRunAsGroup(runAsGroup);
            return sc;
        }

        List<VolumeMount> volumeMounts() {
            List<VolumeMount> out = new ArrayList<>(mounts.size());
            for (SlimMount m : mounts) {
                out.add(m.toMount());
            }
            return out;
        }

        Container toContainer() {
            Container c = new Container();
            c.setName(name);
            c.setImage(image);
            c.setSecurityContext(securityContext());
            c.setVolumeMounts(volumeMounts());
            return c;
        }

        EphemeralContainer toEphemeral() {
            EphemeralContainer c = new EphemeralContainer();
            c.setName(name);
            c.setImage(image);
            c.setSecurityContext(securityContext());
            c.setVolumeMounts(volumeMounts());
            return c;
        }
    }

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

    /** What replicas have in common: pod identity and containers (with their mounts of claim volumes). */
    record Template(PodIdentity identity, List<SlimContainer> initContainers, List<SlimContainer> containers,
            List<SlimContainer> ephemeralContainers) {

        PodSpec toSpec(List<ClaimVolume> volumes) {
            PodSpec s = new PodSpec();
            if (identity != null) {
                s.setSecurityContext(identity.toContext());
            }
            s.setInitContainers(map(initContainers, SlimContainer::toContainer));
            s.setContainers(map(containers, SlimContainer::toContainer));
            s.setEphemeralContainers(map(ephemeralContainers, SlimContainer::toEphemeral));
            s.setVolumes(map(volumes, ClaimVolume::toVolume));
            return s;
        }

        private static <A, B> List<B> map(List<A> in, Function<A, B> f) {
            List<B> out = new ArrayList<>(in.size());
            for (A a : in) {
                out.add(f.apply(a));
            }
            return out;
        }
    }
}
