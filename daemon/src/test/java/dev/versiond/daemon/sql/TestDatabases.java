package dev.versiond.daemon.sql;

import static org.junit.jupiter.api.Assertions.fail;

import dev.versiond.spec.model.SqlEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the sql tests run against: a SQLite file in a temporary directory always, and the
 * PostgreSQL and MariaDB servers {@code .ci/databases.sh} starts (exported as
 * {@code VERSIOND_TEST_PG_URL}, {@code VERSIOND_TEST_MARIADB_URL}). A missing server fails the test
 * with how to start one, unless {@code VERSIOND_TEST_NO_DATABASE_SERVERS=1} opts out explicitly.
 */
final class TestDatabases {
    static final String PG = "VERSIOND_TEST_PG_URL";
    static final String MARIADB = "VERSIOND_TEST_MARIADB_URL";

    private TestDatabases() {
    }

    static DatabaseEndpoint server(SqlEngine engine) {
        String variable = engine == SqlEngine.POSTGRESQL ? PG : MARIADB;
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("VERSIOND_TEST_NO_DATABASE_SERVERS"))) {
                Assumptions.abort(variable + " is not set and VERSIOND_TEST_NO_DATABASE_SERVERS=1 opts out");
            }
            fail(variable + " is not set: start the test servers with `eval \"$(.ci/databases.sh start)\"` "
                    + "(or set VERSIOND_TEST_NO_DATABASE_SERVERS=1 to skip these tests knowingly)");
        }
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
