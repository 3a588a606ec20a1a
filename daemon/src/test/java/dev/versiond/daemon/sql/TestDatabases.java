package dev.versiond.daemon.sql;

import dev.versiond.daemon.testing.DatabaseServers;
import dev.versiond.spec.model.SqlEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The databases the sql tests run against: a SQLite file in a temporary directory always, and the
 * PostgreSQL and MariaDB servers {@code .ci/databases.sh} starts (see {@link DatabaseServers}).
 */
final class TestDatabases {
    static final String PG = DatabaseServers.PG;
    static final String MARIADB = DatabaseServers.MARIADB;

    private TestDatabases() {
    }

    static DatabaseEndpoint server(SqlEngine engine) {
        String url = DatabaseServers.url(engine == SqlEngine.POSTGRESQL ? PG : MARIADB);
        return new DatabaseEndpoint("db", engine, url, Optional.empty(), Optional.empty());
    }

    static DatabaseEndpoint sqlite(Path file) {
        return new DatabaseEndpoint("db", SqlEngine.SQLITE, "jdbc:sqlite:" + file, Optional.empty(), Optional.empty());
    }

    /** Drops what a test made, so every test starts from an empty schema on a shared server. */
    static void reset(DatabaseEndpoint e, List<String> tables) throws SQLException {
        try (Connection c = DriverManager.getConnection(e.url()); Statement s = c.createStatement()) {
            for (String t : tables) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
            s.execute("DROP TABLE IF EXISTS " + SchemaHistory.TABLE);
        }
    }

    static Connection connect(DatabaseEndpoint e) throws SQLException {
        return DriverManager.getConnection(e.url());
    }
}
