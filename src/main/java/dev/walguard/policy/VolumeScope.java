package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which volumes of a marked workload are in scope, from {@code walguard.dev/volumes} and
 * {@code walguard.dev/paths} (or every mounted volume when neither is given). Reports the annotation mistakes
 * (WAL000) and database paths on no volume (WAL005) on the way.
 */
public final class VolumeScope {

    private VolumeScope() {
    }

    static List<ScopedVolume> resolve(Workload w, Marking marking, List<Finding> out) {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        if (w.podSpec().getVolumes() != null) {
            for (Volume v : w.podSpec().getVolumes()) {
                volumes.put(v.getName(), v);
            }
        }
        Map<String, PersistentVolumeClaim> templates = new LinkedHashMap<>();
        for (PersistentVolumeClaim t : w.claimTemplates()) {
            if (t.getMetadata() != null && t.getMetadata().getName() != null) {
                templates.put(t.getMetadata().getName(), t);
            }
        }
        List<Containers> containers = Containers.of(w.podSpec());
        Map<String, List<Mount>> mounts = new LinkedHashMap<>();
        for (Containers c : containers) {
            for (VolumeMount m : c.mounts()) {
                mounts.computeIfAbsent(m.getName(), k -> new ArrayList<>())
                        .add(new Mount(c, m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())));
            }
        }

        Set<String> selected = new LinkedHashSet<>();
        if (!marking.selects()) {
            selected.addAll(mounts.keySet());
        }
        for (String name : marking.volumes()) {
            if (!volumes.containsKey(name) && !templates.containsKey(name)) {
                out.add(Finding.invalidAnnotationOnVolume(w.display(), name, "annotation " + Marking.VOLUMES
                        + " names \"" + name + "\", which is not a volume of " + w.display()
                        + ", so nothing is checked for it.",
                        "Name one of the pod's volumes: " + String.join(", ", known(volumes, templates)) + "."));
            } else if (!rejectsDatabase(w, name, volumes.get(name), Marking.VOLUMES + " names", out)) {
                selected.add(name);
            }
        }
        for (String path : marking.paths()) {
            if (!path.startsWith("/")) {
                out.add(Finding.invalidAnnotation(w.display(), "annotation " + Marking.PATHS + " entry \"" + path
                        + "\" of " + w.display() + " is not an absolute path, so it is ignored.",
                        "Use absolute paths inside the container, such as /var/lib/app/app.db."));
                continue;
            }
            Set<String> onVolumes = new LinkedHashSet<>();
            for (Containers c : containers) {
                VolumeMount best = null;
                for (VolumeMount m : c.mounts()) {
                    if (covers(m.getMountPath(), path)
                            && (best == null || normalize(m.getMountPath()).length() > normalize(best.getMountPath()).length())) {
                        best = m;
                    }
                }
                if (best != null) {
                    onVolumes.add(best.getName());
                }
            }
            if (onVolumes.isEmpty()) {
                List<String> names = containers.stream().map(Containers::name).toList();
                out.add(Finding.databaseOnNoVolume(w.display(), names,
                        w.display() + " keeps database " + path + " on no volume, so it lives in the container's "
                                + "writable layer and is lost when the container restarts.",
                        "Mount a volume at " + parentOf(path) + " (or a parent directory) backed by a block or "
                                + "local StorageClass."));
            }
            for (String name : onVolumes) {
                if (!rejectsDatabase(w, name, volumes.get(name), Marking.PATHS + " entry " + path + " lies on", out)) {
                    selected.add(name);
                }
            }
        }

        List<ScopedVolume> scoped = new ArrayList<>();
        for (String name : selected) {
            Volume v = volumes.get(name);
            PersistentVolumeClaim t = v == null ? templates.get(name) : null;
            if (v == null && t == null) {
                continue; // a mount of a volume the spec does not define: the API server rejects it anyway
            }
            if (v != null && excludedKind(v) != null) {
                continue;
            }
            scoped.add(new ScopedVolume(name, v, t, mounts.getOrDefault(name, List.of())));
        }
        return scoped;
    }

    /** Volume kinds that can never hold a writable database: the kind's name, or null for any other volume. */
    public static String excludedKind(Volume v) {
        if (v.getConfigMap() != null) {
            return "configMap";
        }
        if (v.getSecret() != null) {
            return "secret";
        }
        if (v.getDownwardAPI() != null) {
            return "downwardAPI";
        }
        if (v.getProjected() != null) {
            return "projected";
        }
        if (v.getImage() != null) {
            return "image";
        }
        return null;
    }

    private static boolean rejectsDatabase(Workload w, String name, Volume v, String how, List<Finding> out) {
        String kind = v == null ? null : excludedKind(v);
        if (kind == null) {
            return false;
        }
        out.add(Finding.invalidAnnotationOnVolume(w.display(), name, "annotation " + how + " volume \"" + name
                + "\" of " + w.display() + ", a read-only " + kind + " volume that cannot hold a SQLite database.",
                "Point the annotation at the volume that holds the database."));
        return true;
    }

    private static List<String> known(Map<String, Volume> volumes, Map<String, PersistentVolumeClaim> templates) {
        List<String> names = new ArrayList<>(volumes.keySet());
        names.addAll(templates.keySet());
        return names.isEmpty() ? List.of("(the pod has no volumes)") : names;
    }

    private static boolean covers(String mountPath, String path) {
        if (mountPath == null) {
            return false;
        }
        String m = normalize(mountPath);
        String p = normalize(path);
        return m.equals("/") || p.equals(m) || p.startsWith(m + "/");
    }

    private static String normalize(String path) {
        String p = path.trim();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String parentOf(String path) {
        String p = normalize(path);
        int i = p.lastIndexOf('/');
        return i <= 0 ? "/" : p.substring(0, i);
    }
}
