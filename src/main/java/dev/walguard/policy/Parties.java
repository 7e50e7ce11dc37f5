package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parties of each volume in scope of one workload: its own containers that mount the volume, then the
 * containers of other marked, running pods on the volume's claim. One instance per evaluation: the other pods of a
 * claim, and their owner chains, are looked up once per claim rather than once per volume on it.
 */
final class Parties {

    private static final Set<String> TERMINATED = Set.of("Succeeded", "Failed");

    private final Workload workload;
    private final ClusterView view;
    private final Set<Long> podGroups;
    private final Map<String, List<Party>> othersByClaim = new HashMap<>();
    private OwnerChains.Root self;

    Parties(Workload workload, ClusterView view) {
        this.workload = workload;
        this.view = view;
        this.podGroups = Party.podGroups(workload.podSpec().getSecurityContext());
    }

    List<Party> of(ScopedVolume volume) {
        List<Party> parties = new ArrayList<>();
        // Containers by identity: records compare every mount, and one container mounts a volume many times.
        Set<Containers> seen = volume.mounts().size() < 2 ? null : Collections.newSetFromMap(new IdentityHashMap<>());
        for (Mount m : volume.mounts()) {
            if (seen == null || seen.add(m.container())) {
                parties.add(Party.of(m.container().name(), "container " + m.container().name(), m.container(),
                        workload.podSpec().getSecurityContext(), podGroups));
            }
        }
        String claim = volume.claimName();
        if (claim != null) {
            parties.addAll(othersByClaim.computeIfAbsent(claim, this::others));
        }
        return parties;
    }

    /** Containers of other marked, running pods on the claim, whose owner chain does not end at this workload. */
    private List<Party> others(String claim) {
        List<Party> parties = new ArrayList<>();
        for (Pod pod : view.podsMountingClaim(workload.namespace(), claim)) {
            if (pod.getMetadata() == null || pod.getSpec() == null || !Marking.isMarked(pod.getMetadata())
                    || (pod.getStatus() != null && TERMINATED.contains(pod.getStatus().getPhase()))
                    || (workload.isPod() && Objects.equals(pod.getMetadata().getName(), workload.name()))) {
                continue;
            }
            if (self == null) {
                self = OwnerChains.rootOf(workload.namespace(), workload.kind(), workload.name(),
                        workload.metadata(), view);
            }
            OwnerChains.Root other = OwnerChains.rootOf(workload.namespace(), "Pod", pod.getMetadata().getName(),
                    pod.getMetadata(), view);
            if (!self.equals(other)) {
                parties.addAll(onClaim(pod, claim));
            }
        }
        return parties;
    }

    private static List<Party> onClaim(Pod pod, String claim) {
        PodSpec spec = pod.getSpec();
        Set<String> volumeNames = spec.getVolumes() == null ? Set.of() : spec.getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName()))
                .map(Volume::getName).collect(Collectors.toSet());
        Set<Long> groups = Party.podGroups(spec.getSecurityContext());
        List<Party> out = new ArrayList<>();
        for (Containers c : Containers.of(spec)) {
            if (c.mounts().stream().anyMatch(m -> volumeNames.contains(m.getName()))) {
                String podName = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
                out.add(Party.of(podName + "/" + c.name(), "pod " + podName + " container " + c.name(), c,
                        spec.getSecurityContext(), groups));
            }
        }
        return out;
    }
}
