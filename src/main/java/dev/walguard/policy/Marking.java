package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code walguard.dev/*} annotations a workload carries, read from the object's metadata and from its pod
 * template's metadata together (any place counts).
 *
 * @param marked       whether the workload is marked as a SQLite WAL user
 * @param invalidValue a {@code sqlite-wal} value other than {@code true}/{@code false} (which still marks), or null
 * @param volumes      names from {@code walguard.dev/volumes}, in order, without duplicates
 * @param paths        entries of {@code walguard.dev/paths}, in order, without duplicates
 */
public record Marking(boolean marked, String invalidValue, List<String> volumes, List<String> paths) {

    /** Every walguard annotation starts with it. */
    public static final String PREFIX = "walguard.dev/";

    public static final String SQLITE_WAL = "walguard.dev/sqlite-wal";
    public static final String VOLUMES = "walguard.dev/volumes";
    public static final String PATHS = "walguard.dev/paths";

    private static final Marking UNMARKED = new Marking(false, null, List.of(), List.of());

    /** Reads the marking of a workload: its own metadata and its pods' metadata. */
    public static Marking of(Workload workload) {
        return of(workload.metadata(), workload.podMetadata());
    }

    /** Cheap check used on every admission and for every cached Pod. */
    public static boolean isMarked(ObjectMeta... metas) {
        for (ObjectMeta meta : metas) {
            String value = annotation(meta, SQLITE_WAL);
            if (value != null && !"false".equals(value)) {
                return true;
            }
        }
        return false;
    }

    public static Marking of(ObjectMeta... metas) {
        if (!isMarked(metas)) {
            return UNMARKED;
        }
        String invalid = null;
        List<List<String>> volumes = new ArrayList<>(metas.length);
        List<List<String>> paths = new ArrayList<>(metas.length);
        for (ObjectMeta meta : metas) {
            String value = annotation(meta, SQLITE_WAL);
            if (value != null && !"true".equals(value) && !"false".equals(value) && invalid == null) {
                invalid = value;
            }
            volumes.add(split(annotation(meta, VOLUMES)));
            paths.add(split(annotation(meta, PATHS)));
        }
        return new Marking(true, invalid, distinct(volumes), distinct(paths));
    }

    /** The entries of all the lists, in order, each once: a set to test, a list to keep the order. */
    private static List<String> distinct(List<List<String>> lists) {
        int size = 0;
        for (List<String> l : lists) {
            size += l.size();
        }
        if (size == 0) {
            return List.of();
        }
        Set<String> seen = Presized.hashSet(size);
        List<String> out = new ArrayList<>(size);
        for (List<String> l : lists) {
            for (String entry : l) {
                if (seen.add(entry)) {
                    out.add(entry);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** True when {@code volumes} or {@code paths} narrows the scope. */
    public boolean selects() {
        return !volumes.isEmpty() || !paths.isEmpty();
    }

    /** Splits a comma-separated annotation value into its trimmed, non-empty entries. */
    public static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        // By hand rather than String.split: no array of parts, one substring per entry.
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            int from = start;
            int to = end;
            while (from < to && value.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && value.charAt(to - 1) <= ' ') {
                to--;
            }
            if (from < to) {
                out.add(value.substring(from, to));
            }
            start = end + 1;
        }
        return out;
    }

    private static String annotation(ObjectMeta meta, String key) {
        if (meta == null) {
            return null;
        }
        Map<String, String> annotations = meta.getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
