package dev.walguard.policy;

/**
 * A container that runs a catalogued SQLite app ({@link ImageCatalogue}) in a workload without the
 * {@code walguard.dev/sqlite-wal} annotation.
 *
 * @param container  the container's name
 * @param repository its image repository as the catalogue spells it ({@link ImageCatalogue#repository}), clipped
 * @param app        the catalogued app
 * @param journal    the journal mode its environment gives the app ({@link SqliteApp#journalFor})
 * @param databases  where its environment puts the databases ({@link SqliteApp#databasesFor})
 */
public record DetectedApp(
        String container, String repository, SqliteApp app, JournalMode journal, SqliteApp.Databases databases) {

    /** {@code SQLite WAL mode} or {@code SQLite rollback-journal mode}. */
    String modeText() {
        return journal == JournalMode.WAL ? "SQLite WAL mode" : "SQLite rollback-journal mode";
    }
}
