package dev.walguard.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Finds SQLite databases in one volume, read-only and within {@link ScanLimits}. Breadth first, so the shallow
 * places where applications keep their databases are searched before a deep media tree uses up the budget.
 *
 * <p>Never follows a symbolic link (not even one that stays in the volume), never descends into another mount, opens
 * only regular files, reads at most their first 100 bytes and never writes. A candidate is a file named like a
 * database ({@code .db}, {@code .sqlite}, ...) or one that has a {@code -wal}, {@code -shm} or {@code -journal}
 * file beside it, which every database has while it is open, whatever its name.
 */
public final class DatabaseFinder {

    /** A database found, with its path relative to the volume's root ({@code /}-separated). */
    public record Database(String path, boolean wal) {}

    /** What one volume held, and why the search stopped early, or null when it searched everything. */
    public record Discovery(List<Database> databases, String stoppedEarly) {
        public boolean complete() {
            return stoppedEarly == null;
        }
    }

    private static final List<String> EXTENSIONS =
            List.of(".db", ".sqlite", ".sqlite3", ".db3", ".s3db", ".sl3", ".sdb", ".sqlitedb");
    private static final List<String> SIDECARS = List.of("-wal", "-shm", "-journal");
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final ScanLimits limits;
    private final LongSupplier nanoTime;

    public DatabaseFinder(ScanLimits limits) {
        this(limits, System::nanoTime);
    }

    DatabaseFinder(ScanLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    public Discovery find(Path root) {
        return new Walk(root).run();
    }

    /** The state of one volume's search. */
    private final class Walk {
        private record Directory(Path path, int depth) {}

        private final Path root;
        private final long deadline;
        private final List<Database> found = new ArrayList<>();
        private int entries;
        private int probes;
        private String skipped;
        private Object rootDevice;

        Walk(Path root) {
            this.root = root;
            this.deadline = nanoTime.getAsLong() + limits.timeBudget().toNanos();
        }

        Discovery run() {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(root, BasicFileAttributes.class, NO_FOLLOW);
            } catch (NoSuchFileException e) {
                return done("the volume directory does not exist (not mounted yet, or already torn down)");
            } catch (IOException e) {
                return done("cannot read the volume directory: " + reason(e));
            }
            if (!attributes.isDirectory()) {
                return done("the volume path is not a directory (a symbolic link is never followed)");
            }
            rootDevice = device(root);
            ArrayDeque<Directory> queue = new ArrayDeque<>();
            queue.add(new Directory(root, 0));
            while (!queue.isEmpty()) {
                if (nanoTime.getAsLong() - deadline > 0) {
                    return done("the time budget of " + limits.timeBudget().toMillis() + " ms per volume ran out after "
                            + entries + " entries");
                }
                String stop = search(queue.poll(), queue);
                if (stop != null) {
                    return done(stop);
                }
            }
            return done(skipped);
        }

        /** Reads one directory; returns why the whole search must stop, or null. */
        private String search(Directory dir, ArrayDeque<Directory> queue) {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir.path())) {
                for (Path child : stream) {
                    if (names.size() == limits.maxEntriesPerDirectory()) {
                        skip("directory " + relative(dir.path()) + " has more than " + limits.maxEntriesPerDirectory()
                                + " entries; only the first were searched");
                        break;
                    }
                    if (entries == limits.maxEntries()) {
                        return "looked at " + entries + " entries, the most per volume";
                    }
                    entries++;
                    names.add(child.getFileName().toString());
                }
            } catch (IOException | SecurityException e) {
                skip("cannot read directory " + relative(dir.path()) + ": " + reason(e));
                return null;
            }
            names.sort(Comparator.naturalOrder());
            Set<String> siblings = new HashSet<>(names);
            for (String name : names) {
                Path child = dir.path().resolve(name);
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(child, BasicFileAttributes.class, NO_FOLLOW);
                } catch (IOException e) {
                    continue; // removed meanwhile, or unreadable: nothing to report
                }
                if (attributes.isDirectory()) {
                    if (dir.depth() == limits.maxDepth()) {
                        skip("directories deeper than " + limits.maxDepth() + " levels were not searched");
                    } else if (rootDevice == null || rootDevice.equals(device(child))) {
                        queue.add(new Directory(child, dir.depth() + 1));
                    }
                } else if (attributes.isRegularFile()
                        && attributes.size() >= SqliteHeader.LENGTH
                        && isCandidate(name, siblings)) {
                    String stop = probe(child);
                    if (stop != null) {
                        return stop;
                    }
                }
            }
            return null;
        }

        private String probe(Path file) {
            if (probes == limits.maxProbes()) {
                return "read the headers of " + probes + " candidate files, the most per volume";
            }
            probes++;
            SqliteHeader.Journal journal;
            try {
                journal = SqliteHeader.probe(file);
            } catch (IOException e) {
                return null;
            }
            if (journal != SqliteHeader.Journal.NONE) {
                found.add(new Database(relative(file), journal == SqliteHeader.Journal.WAL));
                if (found.size() == limits.maxDatabases()) {
                    return "found " + found.size() + " databases, the most reported per volume";
                }
            }
            return null;
        }

        private void skip(String why) {
            if (skipped == null) {
                skipped = why;
            }
        }

        private Discovery done(String stoppedEarly) {
            List<Database> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparing(Database::path));
            return new Discovery(List.copyOf(sorted), stoppedEarly);
        }

        private String relative(Path path) {
            String relative = root.relativize(path).toString().replace('\\', '/');
            return relative.isEmpty() ? "." : relative;
        }
    }

    static boolean isCandidate(String name, Set<String> siblings) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String sidecar : SIDECARS) {
            if (lower.endsWith(sidecar)) {
                return false;
            }
        }
        for (String extension : EXTENSIONS) {
            if (lower.endsWith(extension)) {
                return true;
            }
        }
        for (String sidecar : SIDECARS) {
            if (siblings.contains(name + sidecar)) {
                return true;
            }
        }
        return false;
    }

    /** The device a path is on, so the search stays on the volume's own filesystem; null where unsupported. */
    private static Object device(Path path) {
        try {
            return Files.getAttribute(path, "unix:dev", NO_FOLLOW);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static String reason(Exception e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "it was removed during the scan";
            default ->
                e.getMessage() == null
                        ? name
                        : e.getMessage().lines().findFirst().orElse(name);
        };
    }
}
