package dev.versiond.daemon.reconcile;

import static dev.versiond.daemon.testing.DatabaseServers.execute;
import static dev.versiond.daemon.testing.DatabaseServers.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.source.FetchLimits;
import dev.versiond.daemon.testing.DatabaseServers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code snapshot} steps of a PostgreSQL and a MariaDB database on the real test servers, in real passes:
 * dumped with {@code pg_dump} and {@code mariadb-dump} before sql steps change rows and drop a table
 * (with no-op downs, so only the snapshot can bring them back), and loaded back with {@code psql} and
 * {@code mariadb} on a rollback and on a later downgrade: every row and table exactly as captured. The
 * databases are named in the agent's databases file, the MariaDB password a {@code secretFile}; it never
 * reaches the state directory (journal, history, snapshots). {@code versiond_schema_history} is not in
 * the dumps: the rows of the steps that ran after the capture and were reversed stay.
 */
class DatabaseSnapshotPassTest extends EngineHost {
    private final String suffix = Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
    private final String schema = "snap_" + suffix;
    private final String items = "snap_items_" + suffix;
    private final String extra = "snap_extra_" + suffix;
    private String pgUrl;
    private String mariaUrl;
    private String mariaPassword;
    private Path databasesFile;
    private Path secrets;

    @BeforeEach
    void twoDatabasesWithDataAndAMigrationThatChangesIt() throws Exception {
        String pgServer = DatabaseServers.postgres();
        String mariaServer = DatabaseServers.mariadb();
        execute(pgServer, "CREATE SCHEMA " + schema);
        pgUrl = pgServer + (pgServer.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        execute(pgUrl, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO items VALUES (1, 'one'), (2, 'it''s two')", "CREATE TABLE extra (k TEXT)",
                "INSERT INTO extra VALUES ('kept')");
        mariaUrl = mariaServer;
        execute(mariaUrl, "CREATE TABLE " + items + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO " + items + " VALUES (1, 'one'), (2, 'it''s two')", "CREATE TABLE " + extra + " (k TEXT)",
                "INSERT INTO " + extra + " VALUES ('kept')");

        // MariaDB's password from a secret file, its URL without it.
        mariaPassword = query(URI.create(mariaServer.substring("jdbc:".length())).getQuery(), "password");
        String mariaWithoutPassword = mariaServer.replaceAll("[?&]password=[^&]*", "");
        secrets = Files.createDirectories(dir.resolve("secrets"));
        Path secret = Files.writeString(secrets.resolve("maria-password"), mariaPassword + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        databasesFile = Files.writeString(dir.resolve("databases.yaml"), """
                pg:
                  url: "%s"
                maria:
                  url: "%s"
                  password: {secretFile: maria-password}
                """.formatted(pgUrl, mariaWithoutPassword));

        repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", "").replace("up:\n", """
                up:
                  - id: backup
                    snapshot:
                      postgres: [pg]
                      mariadb: [maria]
                  - id: pg-change
                    sql:
                      database: pg
                      up: |
                        UPDATE items SET name = 'changed';
                        DELETE FROM items WHERE id = 2;
                        DROP TABLE extra;
                      down: SELECT 1
                  - id: maria-update
                    sql: { database: maria, up: "UPDATE %1$s SET name = 'changed'", down: SELECT 1 }
                  - id: maria-drop
                    sql: { database: maria, up: "DROP TABLE %2$s", down: SELECT 1 }
                """.formatted(items, extra)));
        repo.commit("1.1.0 snapshots both databases, then changes them");
    }

    @AfterEach
    void dropWhatTheTestMade() throws SQLException {
        if (pgUrl != null) {
            execute(pgUrl, "DROP SCHEMA " + schema + " CASCADE");
        }
        if (mariaUrl != null) {
            execute(mariaUrl, "DROP TABLE IF EXISTS " + items + ", " + extra);
        }
    }

    @Override
    protected Engine.Options options() {
        Engine.Options o = super.options();
        return new Engine.Options(o.repo(), o.ref(), o.path(), o.stateDir(), o.root(), new HostIdentity("web-01", Map.of()),
                o.systemctl(), o.allowNonDescendant(), o.allowPlainDirectory(), o.credentials(), o.signatures(), secrets,
                List.of(), FetchLimits.defaults(), Optional.of(databasesFile), Optional.empty());
    }

    @Test
    void aRollbackLoadsBothDumpsBackExactly() throws Exception {
        converged();
        List<String> before = data();
        breakVersion("1.1.0");
        pin("1.1.0");

        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);

        assertThat(data()).isEqualTo(before);
        assertThat(recorded()).contains("1.0.0");
        assertThat(strings(pgUrl, "SELECT step_id || ':' || direction FROM versiond_schema_history ORDER BY installed_rank"))
                .as("the history is not in the dump: the step that ran after the capture keeps its rows")
                .containsExactly("pg-change:up", "pg-change:down");
        assertPasswordNowhereIn(state);
    }

    @Test
    void aLaterDowngradeLoadsBothDumpsBackExactly() throws Exception {
        List<String> before = data();
        pin("1.1.0");
        converged();
        assertThat(data()).as("the sql steps changed both").isNotEqualTo(before);

        pin("1.0.0");
        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);

        assertThat(data()).isEqualTo(before);
        assertThat(recorded()).contains("1.0.0");
        assertPasswordNowhereIn(state);
    }

    /** Every row of every table the test made, in both databases ("missing" for a table that is gone). */
    private List<String> data() throws SQLException {
        List<String> out = new ArrayList<>();
        out.add("pg items " + rows(pgUrl, "SELECT id || '|' || name FROM items ORDER BY id"));
        out.add("pg extra " + rows(pgUrl, "SELECT k FROM extra"));
        out.add("maria items " + rows(mariaUrl, "SELECT concat(id, '|', name) FROM " + items + " ORDER BY id"));
        out.add("maria extra " + rows(mariaUrl, "SELECT k FROM " + extra));
        return out;
    }

    private static String rows(String url, String sql) {
        try {
            return strings(url, sql).toString();
        } catch (SQLException e) {
            return "missing";
        }
    }

    /** No file under the state directory (state.db, its journal and history, the snapshots) holds the password. */
    private void assertPasswordNowhereIn(Path dir) throws IOException {
        byte[] secret = mariaPassword.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("the state directory holds the dumps").anyMatch(p -> p.toString().endsWith(".sql"));
        for (Path f : files) {
            assertThat(indexOf(Files.readAllBytes(f), secret)).as("the password in %s", f).isEqualTo(-1);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String query(String query, String key) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(key + "=")) {
                return pair.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in the test server's URL");
    }


}
