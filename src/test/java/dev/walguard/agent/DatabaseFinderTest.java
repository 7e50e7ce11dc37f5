package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.agent.DatabaseFinder.Database;
import dev.walguard.agent.DatabaseFinder.Discovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget of database discovery, and what it never does. */
class DatabaseFinderTest {

    @TempDir
    Path volume;

    private static final ScanLimits GENEROUS = new ScanLimits(8, 1_000, 100_000, 1_000, 32, Duration.ofMinutes(1));

    /** A file with a SQLite header (bytes 18/19 set as SQLite does), padded to one 512-byte page. */
    private static void database(Path file, boolean wal) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] page = new byte[512];
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, page, 0, magic.length);
        page[18] = (byte) (wal ? 2 : 1);
        page[19] = (byte) (wal ? 2 : 1);
        Files.write(file, page);
    }

    @Test
    void findsDatabasesByNameOrBySidecarAndIgnoresOtherFiles() throws IOException {
        database(volume.resolve("app.db"), true);
        database(volume.resolve("config/settings.sqlite3"), false);
        database(volume.resolve("state/store"), true);
        Files.writeString(volume.resolve("state/store-wal"), "");
        database(volume.resolve("unnamed"), true); // no telling name, no sidecar: not a candidate
        Files.writeString(volume.resolve("notes.db"), "plain text, long enough to have a header's length ".repeat(3));

        Discovery discovery = new DatabaseFinder(GENEROUS).find(volume);

        assertThat(discovery.databases())
                .containsExactly(
                        new Database("app.db", true),
                        new Database("config/settings.sqlite3", false),
                        new Database("state/store", true));
        assertThat(discovery.stoppedEarly()).isNull();
        assertThat(discovery.complete()).isTrue();
    }

    @Test
    void neverFollowsSymbolicLinksNorChangesWhatItReads() throws IOException {
        Path outside = Files.createTempDirectory("walguard-outside");
        try {
            database(outside.resolve("secret.db"), true);
            Files.createSymbolicLink(volume.resolve("link-dir"), outside);
            Files.createSymbolicLink(volume.resolve("link.db"), outside.resolve("secret.db"));
            database(volume.resolve("own.db"), false);
            FileTime modified = Files.getLastModifiedTime(volume.resolve("own.db"));
            byte[] before = Files.readAllBytes(volume.resolve("own.db"));

            Discovery discovery = new DatabaseFinder(GENEROUS).find(volume);

            assertThat(discovery.databases()).containsExactly(new Database("own.db", false));
            assertThat(Files.readAllBytes(volume.resolve("own.db"))).isEqualTo(before);
            assertThat(Files.getLastModifiedTime(volume.resolve("own.db"))).isEqualTo(modified);
            try (var files = Files.list(volume)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("link-dir", "link.db", "own.db");
            }
        } finally {
            Files.delete(outside.resolve("secret.db"));
            Files.delete(outside);
        }
    }

    @Test
    void aVolumeThatIsASymbolicLinkIsNotSearched() throws IOException {
        Path real = Files.createDirectories(volume.resolve("real"));
        database(real.resolve("app.db"), true);
        Path link = Files.createSymbolicLink(volume.resolve("link"), real);

        Discovery discovery = new DatabaseFinder(GENEROUS).find(link);

        assertThat(discovery.databases()).isEmpty();
        assertThat(discovery.stoppedEarly())
                .isEqualTo("the volume path is not a directory (a symbolic link is never followed)");
    }

    @Test
    void directoriesBelowTheDepthLimitAreNotSearchedAndTheResultSaysSo() throws IOException {
        database(volume.resolve("a/b/shallow.db"), true);
        database(volume.resolve("a/b/c/deep.db"), true);

        Discovery discovery =
                new DatabaseFinder(new ScanLimits(2, 1_000, 100_000, 1_000, 32, Duration.ofMinutes(1))).find(volume);

        assertThat(discovery.databases()).containsExactly(new Database("a/b/shallow.db", true));
        assertThat(discovery.stoppedEarly()).isEqualTo("directories deeper than 2 levels were not searched");
    }

    @Test
    void aDirectoryWithMoreEntriesThanTheLimitIsSearchedOnlyInPart() throws IOException {
        for (int i = 0; i < 50; i++) {
            Files.writeString(volume.resolve("media-" + i + ".mkv"), "x");
        }
        database(volume.resolve("sub/app.db"), true);

        Discovery discovery =
                new DatabaseFinder(new ScanLimits(8, 10, 100_000, 1_000, 32, Duration.ofMinutes(1))).find(volume);

        assertThat(discovery.stoppedEarly())
                .isEqualTo("directory . has more than 10 entries; only the first were searched");
    }

    @Test
    void theEntryBudgetOfAVolumeStopsTheWholeSearch() throws IOException {
        for (int i = 0; i < 30; i++) {
            Files.createDirectories(volume.resolve("d" + i));
            Files.writeString(volume.resolve("d" + i + "/file"), "x");
        }

        Discovery discovery =
                new DatabaseFinder(new ScanLimits(8, 1_000, 40, 1_000, 32, Duration.ofMinutes(1))).find(volume);

        assertThat(discovery.stoppedEarly()).isEqualTo("looked at 40 entries, the most per volume");
    }

    @Test
    void theProbeBudgetStopsTheSearch() throws IOException {
        for (int i = 0; i < 5; i++) {
            Files.writeString(volume.resolve("fake-" + i + ".db"), "not sqlite ".repeat(20));
        }

        Discovery discovery =
                new DatabaseFinder(new ScanLimits(8, 1_000, 1_000, 3, 32, Duration.ofMinutes(1))).find(volume);

        assertThat(discovery.stoppedEarly()).isEqualTo("read the headers of 3 candidate files, the most per volume");
    }

    @Test
    void theDatabaseLimitStopsTheSearch() throws IOException {
        for (int i = 0; i < 5; i++) {
            database(volume.resolve("db-" + i + ".db"), true);
        }

        Discovery discovery =
                new DatabaseFinder(new ScanLimits(8, 1_000, 1_000, 1_000, 2, Duration.ofMinutes(1))).find(volume);

        assertThat(discovery.databases()).containsExactly(new Database("db-0.db", true), new Database("db-1.db", true));
        assertThat(discovery.stoppedEarly()).isEqualTo("found 2 databases, the most reported per volume");
    }

    @Test
    void theTimeBudgetStopsTheSearchAndSaysHowFarItGot() throws IOException {
        for (int i = 0; i < 5; i++) {
            database(volume.resolve("d" + i + "/app.db"), true);
        }
        // Every look at the clock is one second later: the budget of 2.5 s lasts two directories.
        AtomicLong now = new AtomicLong();
        DatabaseFinder finder = new DatabaseFinder(
                new ScanLimits(8, 1_000, 1_000, 1_000, 32, Duration.ofMillis(2_500)),
                () -> now.getAndAdd(1_000_000_000L));

        Discovery discovery = finder.find(volume);

        // The root (5 entries) and d0 (1 entry) were searched before the clock passed 2.5 s.
        assertThat(discovery.stoppedEarly()).isEqualTo("the time budget of 2500 ms per volume ran out after 6 entries");
        assertThat(discovery.databases()).containsExactly(new Database("d0/app.db", true));
    }

    @Test
    void aMissingVolumeDirectoryIsReportedNotFatal() {
        Discovery discovery = new DatabaseFinder(GENEROUS).find(volume.resolve("gone"));

        assertThat(discovery.databases()).isEmpty();
        assertThat(discovery.stoppedEarly())
                .isEqualTo("the volume directory does not exist (not mounted yet, or already torn down)");
    }
}
