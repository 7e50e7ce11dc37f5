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
 * @param unsetSwitch the variable that would switch the app to another database, when the container takes variables
 *                    from a Secret ({@code envFrom}) that may set it ({@link SqliteApp#unsetSwitch}); null when
 *                    walguard sees all that decides
 */
public record DetectedApp(
        String container,
        String repository,
        SqliteApp app,
        JournalMode journal,
        SqliteApp.Databases databases,
        String unsetSwitch) {

    /** {@code SQLite WAL mode} or {@code SQLite rollback-journal mode}. */
    String modeText() {
        return journal == JournalMode.WAL ? "SQLite WAL mode" : "SQLite rollback-journal mode";
    }
}
