package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
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
 * @param beforeApp whether it is an init container that runs to completion before the app ({@link Containers})
 */
record Party(String name, String label, String image, Long uid, Long gid, Set<Long> podGroups, boolean beforeApp) {

    static Party of(String name, String label, Containers c, PodSecurityContext pod, Set<Long> podGroups) {
        SecurityContext sc = c.securityContext();
        Long uid =
                sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : pod != null ? pod.getRunAsUser() : null;
        Long gid = sc != null && sc.getRunAsGroup() != null
                ? sc.getRunAsGroup()
                : pod != null ? pod.getRunAsGroup() : null;
        return new Party(name, label, c.image(), uid, gid, podGroups, c.beforeApp());
    }

    /** The parties' names, in order. */
    static List<String> names(List<Party> parties) {
        List<String> names = new ArrayList<>(parties.size());
        for (Party p : parties) {
            names.add(p.name());
        }
        return names;
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

    /**
     * {@code container sonarr (uid 1000)}, {@code container sonarr (uid set by image lscr.io/...)}, or
     * {@code init container migrate (uid 2000, runs before the app)}.
     */
    String describe() {
        return label + " (" + uidText() + (beforeApp ? ", runs before the app" : "") + ")";
    }

    /**
     * Whether it holds the database open while the app does: every container but an init container that runs to
     * completion first.
     */
    boolean concurrent() {
        return !beforeApp;
    }

    /**
     * Whether files it leaves on the volume can lock the others out: a concurrent party always; an init container
     * only when its spec sets a UID other than root. Root hands what it creates to the database file's owner (the
     * init-chown pattern runs as root for that reason), and an image's UID is usually root in such helpers.
     */
    boolean leavesOwnedFiles() {
        return concurrent() || (uid != null && uid != 0);
    }

    String uidText() {
        return uid == null ? "uid set by image " + image : uid == 0 ? "uid 0, root" : "uid " + uid;
    }
}
