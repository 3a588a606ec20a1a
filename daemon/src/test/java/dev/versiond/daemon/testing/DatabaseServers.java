package dev.versiond.daemon.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL and MariaDB servers the database tests run against, as {@code .ci/databases.sh start}
 * exports them ({@code VERSIOND_TEST_PG_URL}, {@code VERSIOND_TEST_MARIADB_URL}, JDBC URLs). A missing
 * server fails the test with how to start one, unless {@code VERSIOND_TEST_NO_DATABASE_SERVERS=1} opts
 * out explicitly (then the test is skipped, saying so).
 */
public final class DatabaseServers {
    public static final String PG = "VERSIOND_TEST_PG_URL";
    public static final String MARIADB = "VERSIOND_TEST_MARIADB_URL";

    private DatabaseServers() {
    }

    /** The JDBC URL of the PostgreSQL test server. */
    public static String postgres() {
        return url(PG);
    }

    /** The JDBC URL of the MariaDB test server. */
    public static String mariadb() {
        return url(MARIADB);
    }

    /** Runs statements on the database at a JDBC URL, one connection for all. */
    public static void execute(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The first column of every row a query returns, as text. */
    public static List<String> strings(String url, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /** The URL in {@code variable}, or the test fails (or, opted out, is skipped) saying how to get one. */
    public static String url(String variable) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("VERSIOND_TEST_NO_DATABASE_SERVERS"))) {
                Assumptions.abort(variable + " is not set and VERSIOND_TEST_NO_DATABASE_SERVERS=1 opts out");
            }
            fail(variable + " is not set: start the test servers with `eval \"$(.ci/databases.sh start)\"` "
                    + "(or set VERSIOND_TEST_NO_DATABASE_SERVERS=1 to skip these tests knowingly)");
        }
        return url;
    }
}
