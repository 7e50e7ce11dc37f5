package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which volumes of a marked workload are in scope, from {@code walguard.dev/volumes} and
 * {@code walguard.dev/paths} (or, when neither is given, every mounted volume some container can write). Reports the
 * annotation mistakes (WAL000) and database paths on no volume (WAL005) on the way.
 */
public final class VolumeScope {

    private VolumeScope() {}

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
                        .add(new Mount(
                                c,
                                m.getMountPath(),
                                Boolean.TRUE.equals(m.getReadOnly()),
                                VolumeLocation.of(m, Parties.SELF)));
            }
        }

        // Each selected volume, and where its databases are (null: anywhere on it).
        Map<String, List<VolumeLocation>> selected = new LinkedHashMap<>();
        if (!marking.selects()) {
            // A volume no container can write holds no database this pod writes (a media library mounted
            // readOnly): out of the implicit scope. Named in volumes or paths, it is checked as named (WAL004).
            mounts.forEach((name, on) -> {
                if (!readOnlyForEveryone(volumes.get(name), on)) {
                    selected.put(name, null);
                }
            });
        }
        String known = null;
        for (String name : marking.volumes()) {
            if (!volumes.containsKey(name) && !templates.containsKey(name)) {
                // Listed once for all missing names: a list per name would grow with names × volumes.
                known = known != null ? known : Prose.commas(known(volumes, templates));
                out.add(Finding.invalidAnnotationOnVolume(
                        w.display(),
                        name,
                        "annotation " + Marking.VOLUMES
                                + " names \"" + Prose.clip(name) + "\", which is not a volume of " + w.display()
                                + ", so nothing is checked for it.",
                        "Name one of the pod's volumes: " + known + "."));
            } else if (!rejectsDatabase(w, name, volumes.get(name), Marking.VOLUMES + " names", out)) {
                selected.put(name, null);
            }
        }
        // A volume named in volumes is in scope as a whole, whatever paths say of it.
        PathScope.select(w, marking.paths(), containers, volumes, out).forEach((name, at) -> {
            if (!selected.containsKey(name)) {
                selected.put(name, at);
            }
        });

        List<ScopedVolume> scoped = new ArrayList<>();
        for (Map.Entry<String, List<VolumeLocation>> e : selected.entrySet()) {
            String name = e.getKey();
            Volume v = volumes.get(name);
            PersistentVolumeClaim t = v == null ? templates.get(name) : null;
            if (v == null && t == null) {
                continue; // a mount of a volume the spec does not define: the API server rejects it anyway
            }
            if (v != null && excludedKind(v) != null) {
                continue;
            }
            scoped.add(new ScopedVolume(
                    name, v, t, mounts.getOrDefault(name, List.of()), !marking.selects(), e.getValue()));
        }
        return scoped;
    }

    /** Whether every container mounts the volume read-only, or the pod mounts its claim readOnly. */
    private static boolean readOnlyForEveryone(Volume v, List<Mount> on) {
        return on.stream().allMatch(Mount::readOnly)
                || (v != null
                        && v.getPersistentVolumeClaim() != null
                        && Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()));
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

    static boolean rejectsDatabase(Workload w, String name, Volume v, String how, List<Finding> out) {
        String kind = v == null ? null : excludedKind(v);
        if (kind == null) {
            return false;
        }
        out.add(Finding.invalidAnnotationOnVolume(
                w.display(),
                name,
                "annotation " + how + " volume \"" + Prose.clip(name) + "\" of " + w.display() + ", a read-only " + kind
                        + " volume that cannot hold a SQLite database.",
                "Point the annotation at the volume that holds the database."));
        return true;
    }

    private static List<String> known(Map<String, Volume> volumes, Map<String, PersistentVolumeClaim> templates) {
        List<String> names = new ArrayList<>(volumes.keySet());
        names.addAll(templates.keySet());
        return names.isEmpty() ? List.of("(the pod has no volumes)") : names;
    }
}
