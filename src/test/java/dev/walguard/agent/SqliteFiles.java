package dev.walguard.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Real SQLite databases, written by SQLite itself (sqlite-jdbc), in WAL or rollback-journal mode. */
final class SqliteFiles {

    private SqliteFiles() {}

    /** Creates a database with one table and row; the connection is returned open (WAL files stay beside it). */
    static Connection open(Path file, boolean wal) throws Exception {
        Files.createDirectories(file.getParent());
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode=" + (wal ? "WAL" : "DELETE"))) {
                mode.next();
                if (!mode.getString(1).equalsIgnoreCase(wal ? "wal" : "delete")) {
                    throw new SQLException("SQLite refused journal_mode " + (wal ? "WAL" : "DELETE") + " on " + file);
                }
            }
            statement.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
            statement.execute("INSERT INTO notes (text) VALUES ('hello')");
        }
        return connection;
    }

    /** Creates a database and closes it again. */
    static void create(Path file, boolean wal) throws Exception {
        open(file, wal).close();
    }
}
