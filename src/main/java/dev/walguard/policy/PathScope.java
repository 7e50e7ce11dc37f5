package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The volumes {@code walguard.dev/paths} selects, with its mistakes: relative entries and entries that climb above
 * {@code /} (WAL000), entries on read-only volume kinds (WAL000, one per volume), and entries on no volume (one
 * WAL005 for all of them). Entries are resolved ({@link ContainerPath}) before they are matched, and matched all
 * at once ({@link MountIndex}).
 */
final class PathScope {

    private PathScope() {}

    /**
     * A volume the paths select (as the caller's lookup gave it), and where on it its databases are
     * ({@link MountIndex.Landing#databases()}, null for anywhere). Each volume once, in the order of
     * {@link MountIndex.Result#volumes()}.
     */
    record Selected<T>(T volume, List<VolumeLocation> databases) {}

    /** A WAL000 finding and the index of the entry it is about, to report them in the annotation's order. */
    private record Numbered(int index, Finding finding) {}

    /**
     * The volumes the paths select, each with where its databases are.
     *
     * @param entries  the entries of {@code walguard.dev/paths}, no two the same ({@link Marking#paths()})
     * @param mounts   the pod's mounts, their volumes numbered by the caller
     * @param lookup   what the caller knows of a volume number, asked once per volume a path lands on
     * @param nameOf   the volume name of what {@code lookup} gave
     * @param volumeOf the pod volume of what {@code lookup} gave (null for none, or a claim template)
     */
    static <T> List<Selected<T>> select(
            Workload w,
            List<String> entries,
            List<Containers> containers,
            MountIndex.Mounts mounts,
            IntFunction<T> lookup,
            Function<T, String> nameOf,
            Function<T, Volume> volumeOf,
            List<Finding> out) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Numbered> invalid = new ArrayList<>();
        // Resolved paths, each once, and the first entry naming it. Entries are distinct strings, so when each is
        // already written as it resolves, their paths are distinct too; else paths are kept by their segments (no
        // string is built per path).
        Map<List<String>, Integer> resolved = allResolved(entries) ? null : Presized.hashMap(entries.size());
        List<List<String>> segments = new ArrayList<>(entries.size());
        List<Integer> entryOf = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (!entry.startsWith("/")) {
                invalid.add(new Numbered(
                        i,
                        Finding.invalidAnnotation(
                                w.display(),
                                "annotation " + Marking.PATHS
                                        + " entry \"" + Prose.clip(entry) + "\" of " + w.display()
                                        + " is not an absolute path, so it is ignored.",
                                "Use absolute paths inside the container, such as /var/lib/app/app.db.")));
                continue;
            }
            List<String> path = ContainerPath.segments(entry);
            if (path == null) {
                invalid.add(new Numbered(
                        i,
                        Finding.invalidAnnotation(
                                w.display(),
                                "annotation " + Marking.PATHS
                                        + " entry \"" + Prose.clip(entry) + "\" of " + w.display()
                                        + " climbs above / with \"..\", so it names no file and is ignored.",
                                "Write the path without \"..\" segments that climb above /, such as "
                                        + "/var/lib/app/app.db.")));
                continue;
            }
            if (resolved == null || resolved.putIfAbsent(path, i) == null) {
                segments.add(path);
                entryOf.add(i);
            }
        }
        MountIndex.Result result = MountIndex.resolve(mounts, segments);

        List<Selected<T>> selected = new ArrayList<>(result.volumes().size());
        for (MountIndex.Landing landing : result.volumes()) {
            T known = lookup.apply(landing.volume());
            Volume volume = volumeOf.apply(known);
            if (volume == null || VolumeScope.excludedKind(volume) == null) {
                selected.add(new Selected<>(known, landing.databases()));
                continue;
            }
            // The sentence is built only for a rejected volume: thousands of selected ones need none.
            int first = entryOf.get(landing.firstPath());
            String how = Marking.PATHS + " entry " + Prose.clip(entries.get(first))
                    + (landing.paths() > 1 ? " (and " + Prose.count(landing.paths() - 1L) + " more)" : "")
                    + " lies on";
            List<Finding> rejected = new ArrayList<>(1);
            VolumeScope.rejectsDatabase(w, nameOf.apply(known), volume, how, rejected);
            invalid.add(new Numbered(first, rejected.get(0)));
        }
        invalid.sort(Comparator.comparingInt(Numbered::index));
        invalid.forEach(n -> out.add(n.finding()));
        if (!result.onNoVolume().isEmpty()) {
            out.add(onNoVolume(
                    w,
                    containers,
                    result.onNoVolume().stream().map(i -> segments.get(i)).toList()));
        }
        return selected;
    }

    /**
     * Whether every entry is an absolute path written as it resolves: no empty, {@code .} or {@code ..} segment and
     * no trailing slash ({@code /} alone is one).
     */
    private static boolean allResolved(List<String> entries) {
        for (String entry : entries) {
            int length = entry.length();
            if (length == 0 || entry.charAt(0) != '/' || (length > 1 && entry.charAt(length - 1) == '/')) {
                return false;
            }
            int start = 1;
            while (start < length) {
                int end = entry.indexOf('/', start);
                end = end < 0 ? length : end;
                int segment = end - start;
                if (segment == 0 || (segment <= 2 && entry.charAt(start) == '.' && entry.charAt(end - 1) == '.')) {
                    return false;
                }
                start = end + 1;
            }
        }
        return true;
    }

    /** One WAL005 for every path on no volume: a finding per path would repeat every container's name each time. */
    private static Finding onNoVolume(Workload w, List<Containers> containers, List<List<String>> segments) {
        Set<String> parents = new LinkedHashSet<>();
        segments.forEach(s -> parents.add(ContainerPath.parent(s)));
        List<String> names = containers.stream().map(Containers::name).toList();
        List<String> shown = segments.stream()
                .limit(Prose.LISTED)
                .map(s -> Prose.clip(ContainerPath.join(s)))
                .toList();
        List<String> dirs =
                parents.stream().limit(Prose.LISTED).map(Prose::clip).toList();
        String fix = (parents.size() == 1
                        ? "Mount a volume at " + dirs.get(0) + " (or a parent directory)"
                        : "Mount volumes at " + andMore(dirs, parents.size()) + " (or parent directories)")
                + " backed by a block or local StorageClass.";
        if (segments.size() == 1) {
            return Finding.databaseOnNoVolume(
                    w.display(),
                    names,
                    w.display() + " keeps database " + shown.get(0)
                            + " on no volume, so it lives in the container's writable layer and is lost when the "
                            + "container restarts.",
                    fix);
        }
        return Finding.databaseOnNoVolume(
                w.display(),
                names,
                w.display() + " keeps databases "
                        + andMore(shown, segments.size())
                        + " on no volume, so they live in the container's writable layer "
                        + "and are lost when the container restarts.",
                fix);
    }

    /** {@link Prose#and} of the first {@link Prose#LISTED} items of a list of {@code total}. */
    private static String andMore(List<String> first, int total) {
        if (total <= Prose.LISTED) {
            return Prose.and(first);
        }
        return String.join(", ", first) + " and " + Prose.count(total - first.size()) + " more";
    }
}
