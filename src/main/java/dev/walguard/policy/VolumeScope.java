package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which volumes of a marked workload are in scope, from {@code walguard.dev/volumes} and
 * {@code walguard.dev/paths} (or, when neither is given, every mounted volume some container can write). Reports the
 * annotation mistakes (WAL000) and database paths on no volume (WAL005) on the way.
 */
public final class VolumeScope {

    private VolumeScope() {}

    /**
     * Everything one evaluation knows under a volume name: the pod volume and the claim template of that name (the
     * last of each, as the API server would reject duplicates anyway), its mounts in container order, and whether
     * and where it is in scope. One map of these, rather than a map per fact, keeps a pod of thousands of volumes to
     * one lookup per mount and per annotation entry.
     */
    private static final class Named {
        final String name;
        /** Its number among the mounted names, in the order of first mount (-1 until mounted). */
        int number = -1;

        Volume volume;
        PersistentVolumeClaim template;
        List<Mount> mounts = List.of();
        boolean selected;
        /** Where its databases are (null: anywhere on it). */
        List<VolumeLocation> at;

        Named(String name) {
            this.name = name;
        }

        boolean defined() {
            return volume != null || template != null;
        }

        void mount(Mount m) {
            if (mounts.isEmpty()) {
                mounts = List.of(m);
                return;
            }
            if (mounts.size() == 1) {
                List<Mount> more = new ArrayList<>(4);
                more.add(mounts.get(0));
                mounts = more;
            }
            mounts.add(m);
        }

        /** In scope from now on, at {@code where}; its place in the order is where it was first selected. */
        void select(List<Named> order, List<VolumeLocation> where) {
            if (!selected) {
                selected = true;
                order.add(this);
            }
            at = where;
        }
    }

    static List<ScopedVolume> resolve(Workload w, Marking marking, List<Finding> out) {
        List<Volume> podVolumes =
                w.podSpec().getVolumes() == null ? List.of() : w.podSpec().getVolumes();
        List<Containers> containers = Containers.of(w.podSpec());
        Map<String, Named> byName =
                Presized.hashMap(podVolumes.size() + w.claimTemplates().size());
        for (Volume v : podVolumes) {
            named(byName, v.getName()).volume = v;
        }
        for (PersistentVolumeClaim t : w.claimTemplates()) {
            if (t.getMetadata() != null && t.getMetadata().getName() != null) {
                named(byName, t.getMetadata().getName()).template = t;
            }
        }
        // Names in the order of their first mount, numbered so: the mounts placed by number for paths.
        List<Named> mounted = new ArrayList<>();
        int mounts = 0;
        for (Containers c : containers) {
            mounts += c.mounts().size();
        }
        MountIndex.Mounts placed = new MountIndex.Mounts(mounts);
        for (int i = 0; i < containers.size(); i++) {
            Containers c = containers.get(i);
            for (VolumeMount m : c.mounts()) {
                Named n = named(byName, m.getName());
                if (n.number < 0) {
                    n.number = mounted.size();
                    mounted.add(n);
                }
                Mount mount = new Mount(
                        c, m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly()), VolumeLocation.of(m, Parties.SELF));
                n.mount(mount);
                placed.add(i, n.number, mount);
            }
        }

        // Each selected volume, in order, and where its databases are (null: anywhere on it).
        List<Named> selected = new ArrayList<>();
        if (!marking.selects()) {
            // A volume no container can write holds no database this pod writes (a media library mounted
            // readOnly): out of the implicit scope. Named in volumes or paths, it is checked as named (WAL004).
            for (Named n : mounted) {
                if (!readOnlyForEveryone(n.volume, n.mounts)) {
                    n.select(selected, null);
                }
            }
        }
        String fix = null;
        String display = w.display();
        for (String name : marking.volumes()) {
            Named n = byName.get(name);
            if (n == null || !n.defined()) {
                // Listed once for all missing names: a list per name would grow with names × volumes.
                fix = fix != null ? fix : "Name one of the pod's volumes: " + known(w, byName) + ".";
                out.add(notAVolume(display, name, fix));
            } else if (!rejectsDatabase(w, name, n.volume, Marking.VOLUMES + " names", out)) {
                n.select(selected, null);
            }
        }
        // A volume named in volumes is in scope as a whole, whatever paths say of it.
        // Every volume a path lands on is mounted, so it has its Named and number already.
        for (PathScope.Selected<Named> on : PathScope.select(
                w, marking.paths(), containers, placed, mounted::get, n -> n.name, n -> n.volume, out)) {
            if (!on.volume().selected) {
                on.volume().select(selected, on.databases());
            }
        }

        List<ScopedVolume> scoped = new ArrayList<>(selected.size());
        for (Named n : selected) {
            Volume v = n.volume;
            PersistentVolumeClaim t = v == null ? n.template : null;
            if (v == null && t == null) {
                continue; // a mount of a volume the spec does not define: the API server rejects it anyway
            }
            if (v != null && excludedKind(v) != null) {
                continue;
            }
            scoped.add(new ScopedVolume(n.name, v, t, n.mounts, !marking.selects(), n.at));
        }
        return scoped;
    }

    /**
     * The WAL000 of {@link Finding#invalidAnnotationOnVolume} for a name that is no volume, with its reason built
     * only when read: a list of thousands of wrong names would otherwise build a sentence for each, and the warnings
     * show a few.
     */
    private static Finding notAVolume(String display, String name, String fix) {
        return Finding.invalidAnnotationOnVolume(
                display,
                name,
                () -> new Finding.Text(
                        "annotation " + Marking.VOLUMES + " names \"" + Prose.clip(name)
                                + "\", which is not a volume of " + display + ", so nothing is checked for it.",
                        null,
                        fix));
    }

    private static Named named(Map<String, Named> byName, String name) {
        return byName.computeIfAbsent(name, Named::new);
    }

    /** Whether every container mounts the volume read-only, or the pod mounts its claim readOnly. */
    private static boolean readOnlyForEveryone(Volume v, List<Mount> on) {
        boolean all = true;
        for (Mount m : on) {
            all &= m.readOnly();
        }
        return all
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

    /**
     * The pod's volume names, then its claim templates' names, each without repeats, as {@link Prose#commas}: only the
     * first few are listed, so only they are collected.
     */
    private static String known(Workload w, Map<String, Named> byName) {
        int total = 0;
        for (Named n : byName.values()) {
            total += (n.volume != null ? 1 : 0) + (n.template != null ? 1 : 0);
        }
        if (total == 0) {
            return "(the pod has no volumes)";
        }
        List<String> first = new ArrayList<>(Prose.LISTED);
        Set<String> volumes = new HashSet<>();
        for (Volume v : w.podSpec().getVolumes() == null
                ? List.<Volume>of()
                : w.podSpec().getVolumes()) {
            if (first.size() < Prose.LISTED && volumes.add(v.getName())) {
                first.add(v.getName());
            }
        }
        Set<String> templates = new HashSet<>();
        for (PersistentVolumeClaim t : w.claimTemplates()) {
            String name = t.getMetadata() == null ? null : t.getMetadata().getName();
            if (name != null && first.size() < Prose.LISTED && templates.add(name)) {
                first.add(name);
            }
        }
        return Prose.commas(first, total);
    }
}
