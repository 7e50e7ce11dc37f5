package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs every rule on a marked workload and collects all findings (it never stops at the first). Shared by the
 * webhook, the CLI and background reports.
 */
public final class WorkloadEvaluator {

    private static final List<VolumeRule> VOLUME_RULES = List.of(new NetworkFilesystemRule(), new StorageUnknownRule(),
            new ReadOnlyAccessRule(), new UidMismatchRule(), new UidUnverifiableRule());
    private static final Set<String> TERMINATED = Set.of("Succeeded", "Failed");
    private static final int SAFE_CLASS_HINTS = 2;

    private final StorageClassifier classifier;
    private final UnknownStorage unknownStorage;

    public WorkloadEvaluator(PolicySettings settings) {
        this.classifier = new StorageClassifier(settings.patterns());
        this.unknownStorage = settings.unknownStorage();
    }

    /** All findings for a workload; empty for an unmarked one (which is never looked into). */
    public List<Finding> evaluate(Workload workload, ClusterView view) {
        Marking marking = Marking.of(workload);
        if (!marking.marked()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        if (marking.invalidValue() != null) {
            out.add(Finding.invalidAnnotation(workload.display(), "annotation " + Marking.SQLITE_WAL + " of "
                    + workload.display() + " has the value \"" + marking.invalidValue() + "\", which is neither "
                    + "\"true\" nor \"false\"; it counts as marked.",
                    "Set " + Marking.SQLITE_WAL + " to \"true\" or \"false\"."));
        }
        List<ScopedVolume> scoped = VolumeScope.resolve(workload, marking, out);
        List<Finding> perVolume = new ArrayList<>();
        List<String> safeClasses = null;
        for (ScopedVolume volume : scoped) {
            StorageVerdict storage = volume.volume() != null
                    ? classifier.classify(workload.namespace(), volume.volume(), view)
                    : classifier.classifyTemplate(workload.namespace(), volume.template(), view);
            if (storage.type() == StorageType.NETWORK && safeClasses == null) {
                safeClasses = safeClasses(view);
            }
            VolumeContext ctx = new VolumeContext(workload, volume, storage, parties(workload, volume, view),
                    safeClasses == null ? List.of() : safeClasses, unknownStorage);
            for (VolumeRule rule : VOLUME_RULES) {
                rule.check(ctx, perVolume);
            }
        }
        // Annotation problems first, then per-volume findings, then databases on no volume.
        List<Finding> ordered = new ArrayList<>(out.stream().filter(f -> f.rule() == RuleId.WAL000).toList());
        ordered.addAll(perVolume);
        ordered.addAll(out.stream().filter(f -> f.rule() != RuleId.WAL000).toList());
        return ordered;
    }

    /** The containers of this workload that mount the volume, and those of other marked, running pods on its claim. */
    private List<Party> parties(Workload w, ScopedVolume volume, ClusterView view) {
        List<Party> parties = new ArrayList<>();
        List<Containers> seen = new ArrayList<>();
        for (Mount m : volume.mounts()) {
            if (!seen.contains(m.container())) {
                seen.add(m.container());
                parties.add(Party.of(m.container().name(), "container " + m.container().name(), m.container(),
                        w.podSpec().getSecurityContext()));
            }
        }
        String claim = volume.claimName();
        if (claim == null) {
            return parties;
        }
        OwnerChains.Root self = null;
        for (Pod pod : view.podsMountingClaim(w.namespace(), claim)) {
            if (pod.getMetadata() == null || pod.getSpec() == null || !Marking.isMarked(pod.getMetadata())
                    || (pod.getStatus() != null && TERMINATED.contains(pod.getStatus().getPhase()))
                    || (w.isPod() && Objects.equals(pod.getMetadata().getName(), w.name()))) {
                continue;
            }
            if (self == null) {
                self = OwnerChains.rootOf(w.namespace(), w.kind(), w.name(), w.metadata(), view);
            }
            OwnerChains.Root other = OwnerChains.rootOf(w.namespace(), "Pod", pod.getMetadata().getName(),
                    pod.getMetadata(), view);
            if (self.equals(other)) {
                continue;
            }
            parties.addAll(partiesOnClaim(pod, claim));
        }
        return parties;
    }

    private static List<Party> partiesOnClaim(Pod pod, String claim) {
        PodSpec spec = pod.getSpec();
        List<String> volumeNames = spec.getVolumes() == null ? List.of() : spec.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName()))
                .map(Volume::getName).toList();
        List<Party> out = new ArrayList<>();
        for (Containers c : Containers.of(spec)) {
            if (c.mounts().stream().map(VolumeMount::getName).anyMatch(volumeNames::contains)) {
                String podName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
                out.add(Party.of(podName + "/" + c.name(), "pod " + podName + " container " + c.name(), c,
                        spec.getSecurityContext()));
            }
        }
        return out;
    }

    /** Block or local classes in the cluster, the default first, to name in a WAL001 fix. */
    private List<String> safeClasses(ClusterView view) {
        return view.storageClasses().stream()
                .filter(sc -> {
                    StorageType t = classifier.classifyClassForNewClaim(sc);
                    return t == StorageType.BLOCK || t == StorageType.LOCAL;
                })
                .sorted(Comparator.comparing((StorageClass sc) -> !DefaultStorageClass.isDefault(sc))
                        .thenComparing(sc -> sc.getMetadata().getName()))
                .limit(SAFE_CLASS_HINTS)
                .map(sc -> sc.getMetadata().getName())
                .toList();
    }
}
