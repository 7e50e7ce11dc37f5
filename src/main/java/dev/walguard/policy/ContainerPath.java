package dev.walguard.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Absolute paths inside a container, resolved as the kernel resolves them: repeated slashes and {@code .} segments
 * mean nothing, {@code ..} goes up one directory. One pass over the path, so a path of a million slashes costs a
 * million steps, not a million squared.
 */
final class ContainerPath {

    private ContainerPath() {}

    /**
     * The directories and file name of an absolute path, in order, or null when a {@code ..} climbs above
     * {@code /}: such a database path names no file walguard can place.
     */
    static List<String> segments(String path) {
        return resolve(path, false);
    }

    /**
     * The segments of a volumeMount's {@code mountPath} (trimmed, a relative one taken from {@code /}). A
     * {@code ..} above {@code /} stays at {@code /}, as the container runtime resolves mount targets inside the
     * container's root; ignoring the mount instead would let a database on it go unchecked.
     */
    static List<String> mountSegments(String mountPath) {
        return resolve(mountPath.trim(), true);
    }

    /**
     * The segments of a volumeMount's {@code subPath} or {@code subPathExpr}, a path relative to the volume root
     * ({@code a/b/}, {@code ./a} and {@code a//b} are {@code a/b}). The API server rejects {@code ..} in a subPath;
     * should one get through, it stays at the root.
     */
    static List<String> subPathSegments(String subPath) {
        return resolve(subPath, true);
    }

    /** {@code /a/b} for {@code [a, b]}, {@code /} for none. */
    static String join(List<String> segments) {
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }

    /** The directory that holds the file the segments name ({@code /} for a file at the root). */
    static String parent(List<String> segments) {
        return segments.size() <= 1 ? "/" : join(segments.subList(0, segments.size() - 1));
    }

    private static List<String> resolve(String path, boolean clampAtRoot) {
        List<String> out = new ArrayList<>();
        int length = path.length();
        int start = 0;
        while (start < length) {
            // Skip a run of slashes one character at a time, then take the segment up to the next one.
            if (path.charAt(start) == '/') {
                start++;
                continue;
            }
            int end = start;
            while (end < length && path.charAt(end) != '/') {
                end++;
            }
            int segment = end - start;
            if (segment == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                } else if (!clampAtRoot) {
                    return null;
                }
            } else if (segment != 1 || path.charAt(start) != '.') {
                out.add(path.substring(start, end));
            }
            start = end;
        }
        return out;
    }
}
