package dev.walguard.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mount table in the format of {@code /proc/<pid>/mountinfo} (proc(5)):
 *
 * <pre>
 * 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * </pre>
 *
 * Mount ID, parent ID, major:minor, root, mount point, mount options, any number of optional fields ended by a
 * lone {@code -}, then filesystem type, source and super options. The kernel escapes space, tab, newline and
 * backslash in paths, types and sources as {@code \040}, {@code \011}, {@code \012} and {@code \134}.
 */
public final class MountInfo {

    /** A busy node has a few thousand mounts; a table far beyond that is not a mount table. */
    static final int MAX_LINES = 100_000;

    static final int MAX_LINE_LENGTH = 16_384;

    private final List<MountEntry> entries;
    private final Map<String, MountEntry> byMountPoint;

    private MountInfo(List<MountEntry> entries) {
        this.entries = List.copyOf(entries);
        this.byMountPoint = new HashMap<>();
        // A mount stacked on the same mount point comes later in the table and hides the earlier one.
        entries.forEach(e -> byMountPoint.put(e.mountPoint(), e));
    }

    /** Parses a whole table; a malformed line is an error, since a half-read table would misclassify volumes. */
    public static MountInfo parse(BufferedReader reader) throws IOException {
        List<MountEntry> entries = new ArrayList<>();
        int lineNumber = 0;
        StringBuilder line = new StringBuilder();
        while (readLine(reader, line)) {
            lineNumber++;
            if (lineNumber > MAX_LINES) {
                throw new IOException("the mount table has more than " + MAX_LINES + " lines");
            }
            if (!line.isEmpty()) {
                entries.add(parseLine(line.toString(), lineNumber));
            }
        }
        return new MountInfo(entries);
    }

    /** Reads one line of at most MAX_LINE_LENGTH characters without holding a longer one in memory. */
    private static boolean readLine(BufferedReader reader, StringBuilder line) throws IOException {
        line.setLength(0);
        int c = reader.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (line.length() == MAX_LINE_LENGTH) {
                throw new IOException("a line of the mount table is longer than " + MAX_LINE_LENGTH + " characters");
            }
            line.append((char) c);
            c = reader.read();
        }
        return true;
    }

    static MountEntry parseLine(String line, int lineNumber) throws IOException {
        String[] fields = line.split(" ", -1);
        int separator = -1;
        for (int i = 6; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (fields.length < 10 || separator < 0 || fields.length < separator + 3) {
            throw new IOException("line " + lineNumber + " of the mount table is not in mountinfo format: "
                    + "expected ID, parent ID, major:minor, root, mount point, options, optional fields, -, "
                    + "type, source, super options");
        }
        try {
            return new MountEntry(
                    Integer.parseInt(fields[0]),
                    Integer.parseInt(fields[1]),
                    unescape(fields[3]),
                    unescape(fields[4]),
                    unescape(fields[separator + 1]),
                    unescape(fields[separator + 2]));
        } catch (NumberFormatException e) {
            throw new IOException("line " + lineNumber + " of the mount table has no numeric mount IDs", e);
        }
    }

    /** Decodes the kernel's {@code \ooo} escapes; anything else is kept as written. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    public List<MountEntry> entries() {
        return entries;
    }

    /**
     * The mount that holds {@code path}: the one with the longest mount point that is {@code path} itself or one of
     * its parent directories. Paths are compared component by component ({@code /data} does not cover
     * {@code /database}).
     */
    public Optional<MountEntry> covering(String path) {
        String p = normalize(path);
        while (true) {
            MountEntry entry = byMountPoint.get(p);
            if (entry != null) {
                return Optional.of(entry);
            }
            if (p.equals("/")) {
                return Optional.empty();
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "/" : p.substring(0, slash);
        }
    }

    /** Whether {@code path} is {@code dir} or lies below it, component-wise. */
    static boolean isWithin(String path, String dir) {
        String p = normalize(path);
        String d = normalize(dir);
        return p.equals(d) || d.equals("/") || p.startsWith(d + "/");
    }

    static String normalize(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
