package dev.walguard.policy;

import dev.walguard.policy.ObservedNode.ObservedVolume;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * WAL008: the node agent found a SQLite database in WAL mode, open or left behind, on a pod volume that is a network
 * filesystem. It is the strongest evidence walguard has, and it needs no annotation: the background audit reports
 * it on the workload that owns the pod, whether or not anything marked that workload.
 *
 * <p>Volumes are mapped back through their claim (the kubelet names a claim's volume directory after its
 * PersistentVolume); an inline volume of a pod without a claim is not mapped.
 */
public final class ObservedWalDatabases {

    /** Databases named in one finding; the rest are counted. */
    static final int SHOWN_DATABASES = 3;

    /**
     * A database sighting and the workload it belongs to.
     *
     * @param kind       the top of the pod's owner chain, e.g. {@code Deployment}
     * @param apiVersion its API version, as the owner reference gives it ({@code v1} for a bare pod); null when not
     *                   known
     * @param uid        that workload's uid, as the owner reference gives it (the pod's own for a bare pod); null
     *                   when not known
     * @param claim      the claim whose volume holds the database
     * @param finding    the WAL008 finding, with the workload's {@code walguard.dev/ignore} applied
     */
    public record Sighting(
            String namespace, String kind, String apiVersion, String name, String uid, String claim, Finding finding) {}

    private ObservedWalDatabases() {}

    /** Every WAL database that fresh observations saw on network volumes of pods the view knows, by node. */
    public static List<Sighting> find(ClusterView view, Exceptions ceiling) {
        List<Sighting> out = new ArrayList<>();
        for (ObservedNode node : view.observations().fresh()) {
            for (ObservedVolume volume : node.volumes()) {
                if (!volume.walDatabases().isEmpty()) {
                    sighting(node, volume, view, ceiling).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static Optional<Sighting> sighting(
            ObservedNode node, ObservedVolume observed, ClusterView view, Exceptions ceiling) {
        PersistentVolume pv = view.persistentVolume(observed.volume()).orElse(null);
        ObjectReference ref =
                pv == null || pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
        if (ref == null || ref.getNamespace() == null || ref.getName() == null) {
            return Optional.empty();
        }
        String ns = ref.getNamespace();
        String claim = ref.getName();
        Pod pod = view.podsMountingClaim(ns, claim).stream()
                .filter(p -> observed.podUid().equals(p.getMetadata().getUid()))
                .findFirst()
                .orElse(null);
        if (pod == null) {
            return Optional.empty();
        }
        String podName = pod.getMetadata().getName();
        OwnerChains.Top top = OwnerChains.topOf(ns, "Pod", "v1", podName, pod.getMetadata(), view);
        OwnerChains.Root root = top.root();
        String volumeName = volumeOf(pod, claim);
        Workload workload = new Workload(
                root.kind(), ns, root.name(), null, pod.getMetadata(), pod.getMetadata(), pod.getSpec(), List.of());
        StorageVerdict storage = new StorageVerdict(
                StorageType.NETWORK,
                ObservedStorage.describe(new NodeObservations.VolumeSighting(node, observed)),
                claim,
                pv.getSpec().getStorageClassName(),
                VolumeFacts.driverOf(pv),
                pv.getSpec().getAccessModes());
        List<String> containers = containersMounting(pod, volumeName);
        String display = workload.display();
        String where = "volume \"" + volumeName + "\" (claim " + claim
                + (storage.storageClass() == null || storage.storageClass().isEmpty()
                        ? ""
                        : ", StorageClass " + storage.storageClass())
                + ")";
        String databases = databases(observed.walDatabases());
        Finding finding = Finding.onVolume(
                RuleId.WAL008,
                Severity.VIOLATION,
                display,
                volumeName,
                storage,
                containers,
                () -> new Finding.Text(
                        display + " cannot keep its SQLite WAL database " + databases + " on " + where
                                + " because it is a network filesystem, " + storage.reason() + " (pod " + podName
                                + "). The node agent found the database in WAL mode there; its hosts do not share the "
                                + "memory-mapped, fcntl-locked -shm wal-index, so it corrupts. No walguard rule checked "
                                + "this volume at admission: neither " + Marking.SQLITE_WAL + " with "
                                + Marking.VOLUMES + " or " + Marking.PATHS + " nor a catalogued image covers it.",
                        display + " has a live SQLite WAL database on network volume \"" + volumeName + "\" (node "
                                + node.node() + ").",
                        "Move the database to a ReadWriteOnce claim on a block or local StorageClass, and mark the "
                                + "workload with " + Marking.SQLITE_WAL
                                + ": \"true\" so admission checks it from now on."));
        List<Finding> applied = RuleExceptions.of(workload).apply(workload, List.of(finding), ceiling);
        Finding result = applied.stream()
                .filter(f -> f.rule() == RuleId.WAL008)
                .findFirst()
                .orElse(finding);
        return Optional.of(new Sighting(ns, root.kind(), top.apiVersion(), root.name(), top.uid(), claim, result));
    }

    /** {@code "a.db"}, {@code "a.db" and "b.db"}, or the first few and a count. */
    private static String databases(List<String> paths) {
        List<String> shown = paths.stream()
                .limit(SHOWN_DATABASES)
                .map(p -> "\"" + Prose.clip(p) + "\"")
                .toList();
        String list = String.join(", ", shown);
        return paths.size() > SHOWN_DATABASES
                ? list + " and " + (paths.size() - SHOWN_DATABASES) + " more"
                : Prose.and(shown);
    }

    private static String volumeOf(Pod pod, String claim) {
        if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
            for (Volume v : pod.getSpec().getVolumes()) {
                if (v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName())) {
                    return v.getName();
                }
            }
        }
        return claim;
    }

    private static List<String> containersMounting(Pod pod, String volume) {
        Set<String> names = new LinkedHashSet<>();
        if (pod.getSpec() != null) {
            for (Containers c : Containers.of(pod.getSpec())) {
                for (VolumeMount m : c.mounts()) {
                    if (volume.equals(m.getName()) && c.name() != null) {
                        names.add(c.name());
                    }
                }
            }
        }
        return List.copyOf(names);
    }
}
