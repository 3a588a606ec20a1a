package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.DatabaseServers;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The crash window MariaDB leaves open, hit for real: DDL commits implicitly, so a {@code sql} step's
 * statement and its {@code versiond_schema_history} row cannot commit together. The step here is one
 * slow {@code CREATE TABLE … AS SELECT} (a few seconds of the server's work); the agent is SIGKILLed
 * while the server runs it, the server finishes it anyway (a dead client does not stop a statement
 * that sends nothing back), and the history has no row. The next pass must learn from the step's
 * {@code probe} that the statement committed: applied once, never run twice (a second {@code CREATE
 * TABLE} would fail), and reversed when the target moves back, with the history completed so that the
 * database and the journal agree.
 */
class MariaDbKillIT extends OneHost {
    private String url;
    private String table;
    private String component;
    private Path databases;

    @BeforeEach
    void mariaDbAndAComponentWithASlowStatement() throws IOException, SQLException {
        url = DatabaseServers.mariadb();
        String suffix = Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
        table = "killed_" + suffix;
        component = "shop-" + suffix;
        databases = tmp.resolve("databases.yaml");
        Files.writeString(databases, "shop:\n  url: \"" + url + "\"\n");
        fleet.component(component, "kind: Component\nname: " + component + "\n");
        fleet.migration(component, "1.0.0", """
                kind: Migration
                version: 1.0.0
                up:
                  - id: marker
                    file: { path: /srv/shop/VERSION, content: "1.0.0\\n" }
                """);
        fleet.migration(component, "1.1.0", """
                kind: Migration
                version: 1.1.0
                up:
                  - id: totals
                    timeout: 60s
                    sql:
                      database: shop
                      engine: mariadb
                      up: CREATE TABLE %1$s AS SELECT sum(a.seq * b.seq) AS n FROM seq_1_to_%2$d a, seq_1_to_1000 b
                      down: DROP TABLE %1$s
                      probe: SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '%1$s'
                """.formatted(table, 40_000));
        fleet.pin("all", component, "1.0.0");
        fleet.commit(component + " 1.0.0");
        assertThat(apply().exitCode()).isZero();
    }

    @Test
    void aStatementThatCommittedAfterTheAgentDiedIsRecordedNotRunAgain() throws SQLException {
        fleet.pin("all", component, "1.1.0");
        fleet.commit(component + " 1.1.0");
        killWhileTheServerRunsTheStatement();

        Result resumed = apply();

        assertThat(resumed.exitCode()).as("%s", resumed).isZero();
        assertThat(host.recordedVersion(component)).contains("1.1.0");
        assertThat(tableExists()).isTrue();
        assertThat(history()).as("one up row, written by the pass that found the table").containsExactly("up");
        assertThat(host.query("SELECT outcome FROM journal WHERE step_id = 'totals' ORDER BY id"))
                .extracting(r -> r.get("outcome")).containsExactly("interrupted", "applied");
        assertThat(host.plan(databasesArgs()).exitCode()).isZero();
    }

    @Test
    void aStatementThatCommittedAfterTheAgentDiedIsReversedWhenTheTargetMovesBack() throws SQLException {
        fleet.pin("all", component, "1.1.0");
        String bump = fleet.commit(component + " 1.1.0");
        killWhileTheServerRunsTheStatement();
        git.revert(bump);

        Result cleanup = apply();

        assertThat(cleanup.exitCode()).as("%s", cleanup).isZero();
        assertThat(host.recordedVersion(component)).contains("1.0.0");
        assertThat(tableExists()).as("the interrupted step's table is dropped again").isFalse();
        assertThat(history()).as("the missing up row, then the down").containsExactly("up", "down");
        assertThat(host.plan(databasesArgs()).exitCode()).isZero();
    }

    @org.junit.jupiter.api.AfterEach
    void dropTheTable() throws SQLException {
        DatabaseServers.execute(url, "DROP TABLE IF EXISTS " + table);
    }

    /** Starts the pass, SIGKILLs it while the server runs the CREATE TABLE, and waits for the server to finish it. */
    private void killWhileTheServerRunsTheStatement() throws SQLException {
        VersiondCli.Running child = CLI.start(host.engineArgs("apply", databasesArgs()));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> running() || !child.isAlive());
        if (!child.isAlive()) {
            throw new AssertionError("the agent ended before the server ran the statement: " + child.await(Duration.ofSeconds(5)));
        }
        child.kill();
        // The processlist may drop the statement a moment before its table is visible: wait for both.
        Awaitility.await("the server finishing the statement of the killed agent").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> !running() && tableExists());
        assertThat(history()).as("and the agent died before writing its row: the window is hit").isEmpty();
    }

    private Result apply() {
        return host.apply(databasesArgs());
    }

    private String[] databasesArgs() {
        return new String[] {"--databases-file", databases.toString()};
    }

    private boolean running() throws SQLException {
        return !DatabaseServers.strings(url, "SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() "
                + "AND info LIKE '%CREATE TABLE " + table + " %'")
                .isEmpty();
    }

    private boolean tableExists() throws SQLException {
        return !DatabaseServers.strings(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = '" + table + "'").isEmpty();
    }

    private List<String> history() throws SQLException {
        if (DatabaseServers.strings(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = 'versiond_schema_history'").isEmpty()) {
            return List.of();
        }
        return DatabaseServers.strings(url, "SELECT direction FROM versiond_schema_history WHERE component = '" + component
                + "' ORDER BY installed_rank");
    }

}
