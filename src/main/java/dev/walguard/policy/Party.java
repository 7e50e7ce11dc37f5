package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A container that opens a shared database, with its effective identity: the container securityContext overrides
 * the pod's for runAsUser and runAsGroup; the pod's fsGroup and supplementalGroups apply to every container.
 *
 * @param name      how finding lists name it: {@code sonarr}, or {@code apps/other-0/app} for another pod's container
 * @param label     how sentences name it: {@code container sonarr}, or {@code pod apps/other-0 container app}
 * @param image     its image
 * @param uid       its runAsUser, or null when the spec leaves it to the image
 * @param gid       its runAsGroup, or null
 * @param podGroups its pod's fsGroup and supplementalGroups, one set shared by every party of the pod
 *                  ({@link #podGroups(PodSecurityContext)}), so a pod with many groups and many containers is not
 *                  copied once per container
 */
record Party(String name, String label, String image, Long uid, Long gid, Set<Long> podGroups) {

    static Party of(String name, String label, Containers c, PodSecurityContext pod, Set<Long> podGroups) {
        SecurityContext sc = c.securityContext();
        Long uid =
                sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : pod != null ? pod.getRunAsUser() : null;
        Long gid = sc != null && sc.getRunAsGroup() != null
                ? sc.getRunAsGroup()
                : pod != null ? pod.getRunAsGroup() : null;
        return new Party(name, label, c.image(), uid, gid, podGroups);
    }

    /** The groups a pod gives all its containers, in order: fsGroup, then supplementalGroups. */
    static Set<Long> podGroups(PodSecurityContext pod) {
        Set<Long> groups = new LinkedHashSet<>();
        if (pod != null) {
            if (pod.getFsGroup() != null) {
                groups.add(pod.getFsGroup());
            }
            if (pod.getSupplementalGroups() != null) {
                groups.addAll(pod.getSupplementalGroups());
            }
        }
        return Collections.unmodifiableSet(groups);
    }

    /** {@code container sonarr (uid 1000)}, or {@code container sonarr (uid from image lscr.io/...)}. */
    String describe() {
        return label + " (" + uidText() + ")";
    }

    String uidText() {
        return uid == null ? "uid set by image " + image : uid == 0 ? "uid 0, root" : "uid " + uid;
    }
}
