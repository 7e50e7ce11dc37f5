package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The volumes in scope of a detected workload: those the catalogue's database paths of each detected app lie on in
 * the container that runs it (as {@code walguard.dev/paths} would select them, but in that container only). A
 * path with a {@code *} is placed by its deepest directory without one. An env variable the catalogue knows
 * ({@code databaseSettings}, e.g. n8n's {@code N8N_USER_FOLDER}) moves the paths; when walguard cannot tell where
 * to (a value from a Secret, a relative path), every writable volume of that container is in scope. Only the containers that run a detected
 * app count as the volume's users: a sidecar that mounts the same volume opens no database of the app.
 *
 * <p>A database path on no volume, or on a volume of a kind that holds no database (configMap, secret, ...), gives
 * no finding: the catalogue names the app's defaults, which the app may be configured away from, and an unmarked
 * app that keeps its data in the container is not walguard's business (a marked one gets WAL005).
 */
final class DetectedScope {

    /**
     * A volume in scope and what put it there.
     *
     * @param volume  the volume, with the mounts of the containers whose databases lie on it
     * @param journal WAL when any app keeps a WAL database on it, else rollback
     * @param first   the first app whose databases lie on it
     * @param paths   that app's database paths on it, as the catalogue spells them
     * @param unsetSwitch when every app on it may have been switched to another database by a Secret its container
     *                    takes variables from ({@link DetectedApp#unsetSwitch}), the first one's variable; else null
     */
    record Detected(
            ScopedVolume volume, JournalMode journal, DetectedApp first, List<String> paths, String unsetSwitch) {}

    private DetectedScope() {}

    static List<Detected> resolve(Workload w, List<DetectedApp> apps) {
        Map<String, Volume> volumes = new HashMap<>();
        if (w.podSpec().getVolumes() != null) {
            w.podSpec().getVolumes().forEach(v -> volumes.putIfAbsent(v.getName(), v));
        }
        Map<String, PersistentVolumeClaim> templates = new HashMap<>();
        for (PersistentVolumeClaim t : w.claimTemplates()) {
            if (t.getMetadata() != null && t.getMetadata().getName() != null) {
                templates.putIfAbsent(t.getMetadata().getName(), t);
            }
        }
        Map<String, Containers> containers = containersByName(w.podSpec());
        // Per volume, in order of first landing: its first app and paths, its mounts so far, WAL seen.
        Map<String, Building> building = new LinkedHashMap<>();
        Map<String, Set<String>> users = new HashMap<>();
        for (DetectedApp app : apps) {
            Containers c = containers.get(app.container());
            if (c == null) {
                continue;
            }
            for (Map.Entry<String, List<String>> landed : landings(c, app).entrySet()) {
                String name = landed.getKey();
                Volume v = volumes.get(name);
                if ((v == null && !templates.containsKey(name)) || (v != null && VolumeScope.excludedKind(v) != null)) {
                    continue;
                }
                if (!users.computeIfAbsent(name, k -> new HashSet<>()).add(c.name())) {
                    continue;
                }
                Building b = building.computeIfAbsent(name, k -> new Building(app, landed.getValue()));
                b.mounts.addAll(mounts(c, name));
                b.wal |= app.journal() == JournalMode.WAL;
                b.certain |= app.unsetSwitch() == null;
            }
        }
        List<Detected> out = new ArrayList<>(building.size());
        building.forEach((name, b) -> {
            Volume v = volumes.get(name);
            out.add(new Detected(
                    new ScopedVolume(
                            name, v, v == null ? templates.get(name) : null, List.copyOf(b.mounts), false, null),
                    b.wal ? JournalMode.WAL : JournalMode.ROLLBACK,
                    b.first,
                    b.paths,
                    b.certain ? null : b.first.unsetSwitch()));
        });
        return out;
    }

    /** A volume in scope while its users are collected: appending keeps it linear in the containers. */
    private static final class Building {
        final DetectedApp first;
        final List<String> paths;
        final List<Mount> mounts = new ArrayList<>();
        boolean wal;
        /** Some app on it surely uses SQLite: nothing walguard cannot read could switch it away. */
        boolean certain;

        Building(DetectedApp first, List<String> paths) {
            this.first = first;
            this.paths = paths;
        }
    }

    /** The names of the containers of {@code apps} whose databases lie on a volume of the claim. */
    static Set<String> containersOnClaim(PodSpec spec, List<DetectedApp> apps, String claim) {
        Set<String> claimVolumes = new HashSet<>();
        if (spec.getVolumes() != null) {
            for (Volume v : spec.getVolumes()) {
                if (v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName())) {
                    claimVolumes.add(v.getName());
                }
            }
        }
        Map<String, Containers> containers = containersByName(spec);
        Set<String> out = new HashSet<>();
        for (DetectedApp app : apps) {
            Containers c = containers.get(app.container());
            if (c != null && landings(c, app).keySet().stream().anyMatch(claimVolumes::contains)) {
                out.add(c.name());
            }
        }
        return out;
    }

    private static Map<String, Containers> containersByName(PodSpec spec) {
        Map<String, Containers> byName = new HashMap<>();
        for (Containers c : Containers.of(spec)) {
            byName.putIfAbsent(c.name(), c);
        }
        return byName;
    }

    /**
     * The volumes the app's database paths lie on in this container, each with its paths: the mount whose path is
     * the longest prefix of the database's (the first such mount when two share a path). Linear in the container's
     * mounts: the catalogue names a handful of paths per app.
     */
    private static Map<String, List<String>> landings(Containers c, DetectedApp app) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        SqliteApp.Databases databases = app.databases();
        if (databases.paths() == null) {
            // An env setting moved the databases where walguard cannot follow: any writable volume may hold them.
            List<String> where = List.of("a database where " + databases.movedBy() + " points");
            for (VolumeMount m : c.mounts()) {
                if (!Boolean.TRUE.equals(m.getReadOnly()) && m.getName() != null) {
                    out.putIfAbsent(m.getName(), where);
                }
            }
            return out;
        }
        List<List<String>> mountPaths = new ArrayList<>(c.mounts().size());
        for (VolumeMount m : c.mounts()) {
            mountPaths.add(m.getMountPath() == null ? null : ContainerPath.mountSegments(m.getMountPath()));
        }
        for (String database : databases.paths()) {
            List<String> path = ContainerPath.segments(database);
            if (path == null) {
                continue;
            }
            int glob = 0;
            while (glob < path.size() && !path.get(glob).contains("*")) {
                glob++;
            }
            path = path.subList(0, glob);
            int best = -1;
            for (int i = 0; i < mountPaths.size(); i++) {
                List<String> at = mountPaths.get(i);
                if (at != null
                        && at.size() <= path.size()
                        && at.equals(path.subList(0, at.size()))
                        && (best < 0 || at.size() > mountPaths.get(best).size())) {
                    best = i;
                }
            }
            if (best >= 0) {
                out.computeIfAbsent(c.mounts().get(best).getName(), k -> new ArrayList<>())
                        .add(database);
            }
        }
        return out;
    }

    /** The container's mounts of the volume. */
    private static List<Mount> mounts(Containers c, String volume) {
        List<Mount> out = new ArrayList<>(1);
        for (VolumeMount m : c.mounts()) {
            if (volume.equals(m.getName())) {
                out.add(new Mount(
                        c, m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly()), VolumeLocation.of(m, Parties.SELF)));
            }
        }
        return out;
    }
}
