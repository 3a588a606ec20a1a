package dev.versiond.daemon.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQLite databases through the online backup API (sqlite-jdbc's {@code backup to} and
 * {@code restore from}): a consistent copy while the application keeps the database open, and a
 * restore that replaces its pages under SQLite's own locking. The one place this package speaks JDBC.
 */
final class SqliteBackup {
    private SqliteBackup() {
    }

    static void backup(Path database, Path copy) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            s.setQueryTimeout(0);
            s.executeUpdate("backup to " + quoted(copy));
        } catch (SQLException e) {
            throw new IOException("cannot back up SQLite database " + database + ": " + e.getMessage(), e);
        }
    }

    static void restore(Path copy, Path database) throws IOException {
        Files.createDirectories(database.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            s.executeUpdate("restore from " + quoted(copy));
        } catch (SQLException e) {
            throw new IOException("cannot restore SQLite database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Removes a database that did not exist when the snapshot was taken, with its journal files. */
    static void remove(Path database) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
        }
    }

    /** The driver reads the file name of backup/restore as a word; a path with spaces needs quotes. */
    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\"", "\"\"") + "\"";
    }
}
