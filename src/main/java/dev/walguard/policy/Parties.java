package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The parties of each volume in scope of one workload: its own containers that mount the volume, then the
 * containers of other marked (or detected, {@link ImageDetection}), running pods on the volume's claim. One instance
 * per evaluation: the other pods of a claim, and their owner chains, are looked up once per claim rather than once
 * per volume on it.
 */
final class Parties {

    /** The pod key of the workload under review's own subPathExpr mounts (other pods use namespace/name). */
    static final String SELF = "";

    private static final Set<String> TERMINATED = Set.of("Succeeded", "Failed");

    private final Workload workload;
    private final ClusterView view;
    private final ImageDetection detection;
    private final Set<Long> podGroups;
    private final Map<String, List<PartyGroups.Located>> othersByClaim = new HashMap<>();
    private final Map<Containers, Party> ownParties = new IdentityHashMap<>();
    private OwnerChains.Root self;

    Parties(Workload workload, ClusterView view, ImageDetection detection) {
        this.workload = workload;
        this.view = view;
        this.detection = detection;
        this.podGroups = Party.podGroups(workload.podSpec().getSecurityContext());
    }

    /**
     * The parties of a volume, in the groups that share files on it ({@link PartyGroups}): one group of every
     * party when no mount sets a subPath.
     */
    List<PartyGroups.Group> groupsOf(ScopedVolume volume) {
        List<PartyGroups.Located> parties = new ArrayList<>();
        if (volume.mounts().size() == 1) {
            // The usual case, one mount: no map.
            Mount m = volume.mounts().get(0);
            parties.add(new PartyGroups.Located(ownParty(m.container()), List.of(m.location()), true));
        } else {
            // Containers by identity: records compare every mount, and one container mounts a volume many times.
            Map<Containers, List<VolumeLocation>> own = new IdentityHashMap<>();
            for (Mount m : volume.mounts()) {
                own.computeIfAbsent(m.container(), c -> {
                            List<VolumeLocation> at = new ArrayList<>();
                            parties.add(new PartyGroups.Located(ownParty(c), at, true));
                            return at;
                        })
                        .add(m.location());
            }
        }
        String claim = volume.claimName();
        if (claim != null) {
            parties.addAll(othersByClaim.computeIfAbsent(claim, this::others));
        }
        return PartyGroups.of(parties, volume.databases());
    }

    /** A container of the workload as a party, made once however many volumes it mounts. */
    private Party ownParty(Containers c) {
        return ownParties.computeIfAbsent(
                c, k -> Party.of(k.name(), k.label(), k, workload.podSpec().getSecurityContext(), podGroups));
    }

    /** Containers of other marked, running pods on the claim, whose owner chain does not end at this workload. */
    private List<PartyGroups.Located> others(String claim) {
        List<PartyGroups.Located> parties = new ArrayList<>();
        for (Pod pod : view.podsMountingClaim(workload.namespace(), claim)) {
            if (pod.getMetadata() == null
                    || pod.getSpec() == null
                    || (pod.getStatus() != null
                            && TERMINATED.contains(pod.getStatus().getPhase()))
                    || (workload.isPod() && Objects.equals(pod.getMetadata().getName(), workload.name()))) {
                continue;
            }
            // A detected pod's parties are the containers whose app keeps its databases on the claim.
            Set<String> only = Marking.isMarked(pod.getMetadata()) ? null : detection.containersOnClaim(pod, claim);
            if (only != null && only.isEmpty()) {
                continue;
            }
            if (self == null) {
                self = OwnerChains.rootOf(
                        workload.namespace(), workload.kind(), workload.name(), workload.metadata(), view);
            }
            OwnerChains.Root other = OwnerChains.rootOf(
                    workload.namespace(), "Pod", pod.getMetadata().getName(), pod.getMetadata(), view);
            if (!self.equals(other)) {
                parties.addAll(onClaim(pod, claim, only));
            }
        }
        return parties;
    }

    /** @param only the containers that count, or null for all */
    private static List<PartyGroups.Located> onClaim(Pod pod, String claim, Set<String> only) {
        PodSpec spec = pod.getSpec();
        // Plain loops: every marked review on a claim other pods mount runs this for each of them.
        Set<String> volumeNames = new HashSet<>();
        for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
            if (v.getPersistentVolumeClaim() != null
                    && claim.equals(v.getPersistentVolumeClaim().getClaimName())) {
                volumeNames.add(v.getName());
            }
        }
        Set<Long> groups = Party.podGroups(spec.getSecurityContext());
        String podName =
                pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        List<PartyGroups.Located> out = new ArrayList<>();
        for (Containers c : Containers.of(spec)) {
            if (only != null && !only.contains(c.name())) {
                continue;
            }
            List<VolumeLocation> at = new ArrayList<>(1);
            for (VolumeMount m : c.mounts()) {
                if (volumeNames.contains(m.getName())) {
                    at.add(VolumeLocation.of(m, podName));
                }
            }
            if (!at.isEmpty()) {
                out.add(new PartyGroups.Located(
                        Party.of(
                                podName + "/" + c.name(),
                                "pod " + podName + " " + c.label(),
                                c,
                                spec.getSecurityContext(),
                                groups),
                        at,
                        false));
            }
        }
        return out;
    }
}
