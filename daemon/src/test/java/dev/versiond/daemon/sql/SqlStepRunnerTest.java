package dev.versiond.daemon.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.execute.StepResult.Outcome;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.SqlEngine;
import dev.versiond.spec.model.SqlStep;
import dev.versiond.spec.model.StepCommon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sql steps against a real SQLite file, PostgreSQL and MariaDB server (see {@link TestDatabases}). */
class SqlStepRunnerTest {
    private static final List<String> TABLES = List.of("t_items", "t_half", "t_race");

    @TempDir
    Path tmp;

    private DatabaseEndpoint endpoint(SqlEngine engine) throws SQLException {
        DatabaseEndpoint e = engine == SqlEngine.SQLITE ? TestDatabases.sqlite(tmp.resolve("app.db"))
                : TestDatabases.server(engine);
        TestDatabases.reset(e, TABLES);
        return e;
    }

    private static SqlStep step(String id, String up, String down) {
        return new SqlStep(new StepCommon(id, Optional.empty(), Optional.of(Duration.ofSeconds(20)), 0, false,
                Position.startOf("test")), "db", Optional.empty(), up, Optional.empty(), Optional.ofNullable(down),
                Optional.empty());
    }

    private StepContext context(String host) {
        return new StepContext(new HostRoot(tmp), Map.of("host", host, "version", "1.1.0"),
                Map.of("VERSIOND_COMPONENT", "app", "VERSIOND_VERSION", "1.1.0", "VERSIOND_COMMIT", "c0ffee"));
    }

    private static SqlStepRunner runner(DatabaseEndpoint e) {
        return new SqlStepRunner(Databases.of(List.of(e)), Clock.systemUTC());
    }

    @ParameterizedTest
    @EnumSource(SqlEngine.class)
    void upgradeAndDowngradeKeepTheRowsAndTheHistorySaysWhoDidWhat(SqlEngine engine) throws SQLException {
        DatabaseEndpoint db = endpoint(engine);
        SqlStepRunner runner = runner(db);
        SqlStep create = step("create", "CREATE TABLE t_items (id INTEGER PRIMARY KEY, name VARCHAR(50))",
                "DROP TABLE t_items");
        SqlStep column = step("add-note", "ALTER TABLE t_items ADD COLUMN note VARCHAR(50)",
                "ALTER TABLE t_items DROP COLUMN note");

        assertThat(runner.apply(create, context("host-a")).outcome()).isEqualTo(Outcome.APPLIED);
        try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO t_items (id, name) VALUES (1, 'kept')");
        }
        StepResult up = runner.apply(column, context("host-a"));
        assertThat(up.outcome()).as("%s", up).isEqualTo(Outcome.APPLIED);
        assertThat(runner.probe(column, context("host-a"))).contains(true);
        assertThat(query(db, "SELECT name FROM t_items WHERE id = 1")).isEqualTo("kept");

        StepResult down = runner.reverse(column, context("host-a"));
        assertThat(down.outcome()).as("%s", down).isEqualTo(Outcome.APPLIED);
        assertThat(runner.probe(column, context("host-a"))).contains(false);
        assertThat(query(db, "SELECT name FROM t_items WHERE id = 1")).as("data kept across the downgrade").isEqualTo("kept");
        assertThat(runner.reverse(column, context("host-b")).outcome()).as("already reversed").isEqualTo(Outcome.SKIPPED);

        try (Connection c = TestDatabases.connect(db)) {
            List<HistoryRow> rows = SchemaHistory.all(c);
            assertThat(rows).extracting(HistoryRow::stepId, HistoryRow::direction, HistoryRow::host)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("create", "up", "host-a"),
                            org.assertj.core.groups.Tuple.tuple("add-note", "up", "host-a"),
                            org.assertj.core.groups.Tuple.tuple("add-note", "down", "host-a"));
            assertThat(rows.get(1).commit()).contains("c0ffee");
            assertThat(rows.get(1).component()).isEqualTo("app");
            assertThat(rows.get(1).version()).isEqualTo("1.1.0");
            assertThat(rows.get(1).checksum()).startsWith("v1:sha256:");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SqlEngine.class, names = {"SQLITE", "POSTGRESQL"})
    void aFailingStatementRollsTheWholeStepBackWithItsHistoryRow(SqlEngine engine) throws SQLException {
        DatabaseEndpoint db = endpoint(engine);
        SqlStep half = step("half", "CREATE TABLE t_half (x INTEGER); INSERT INTO t_half VALUES (1); "
                + "INSERT INTO no_such_table VALUES (1)", "DROP TABLE t_half");

        StepResult r = runner(db).apply(half, context("host-a"));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error().orElseThrow()).contains("rolled back").contains("no_such_table");
        try (Connection c = TestDatabases.connect(db);
             ResultSet t = c.getMetaData().getTables(null, null, "t_half", null)) {
            assertThat(t.next()).as("the first statements were rolled back too").isFalse();
            assertThat(SchemaHistory.exists(c) ? SchemaHistory.latest(c, "app", "1.1.0", "half") : Optional.empty())
                    .isEmpty();
        }
        assertThat(runner(db).probe(half, context("host-a"))).contains(false);
    }

    @Test
    void onMariaDbAStepOfTwoStatementsIsRefusedBeforeAnythingRuns() throws SQLException {
        DatabaseEndpoint db = endpoint(SqlEngine.MARIADB);
        StepResult r = runner(db).apply(step("two", "CREATE TABLE t_half (x INTEGER); DROP TABLE t_half", null),
                context("host-a"));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error().orElseThrow()).contains("single statement").doesNotContain("versiond-test-pw");
        try (Connection c = TestDatabases.connect(db)) {
            assertThat(SchemaHistory.exists(c)).as("nothing ran, not even the history table").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(SqlEngine.class)
    void twoHostsRacingOnOneDatabaseRunEachStepExactlyOnce(SqlEngine engine) throws Exception {
        DatabaseEndpoint db = endpoint(engine);
        runner(db).apply(step("race-table", "CREATE TABLE t_race (step VARCHAR(20), host VARCHAR(20))", null),
                context("host-a"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<StepResult>> results = new ArrayList<>();
                for (String host : List.of("host-a", "host-b")) {
                    // the same desired state on both hosts: the same statement, the same checksum
                    SqlStep insert = step("insert-" + round, "INSERT INTO t_race (step) VALUES ('" + round + "')", null);
                    results.add(pool.submit(() -> {
                        go.await();
                        return runner(db).apply(insert, context(host));
                    }));
                }
                go.countDown();
                List<Outcome> outcomes = new ArrayList<>();
                for (Future<StepResult> f : results) {
                    outcomes.add(f.get().outcome());
                }
                assertThat(outcomes).as("round %d", round).containsExactlyInAnyOrder(Outcome.APPLIED, Outcome.SKIPPED);
                assertThat(query(db, "SELECT COUNT(*) FROM t_race WHERE step = '" + round + "'")).isEqualTo("1");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SqlEngine.class, names = {"SQLITE", "POSTGRESQL"})
    void anotherHostFindsTheStepAppliedAndAnEditedMigrationBlocksUntilRepaired(SqlEngine engine) throws SQLException {
        DatabaseEndpoint db = endpoint(engine);
        SqlStep original = step("create", "CREATE TABLE t_items (id INTEGER)", "DROP TABLE t_items");
        runner(db).apply(original, context("host-a"));

        StepResult other = runner(db).apply(original, context("host-b"));
        assertThat(other.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(other.outputTail()).contains("applied to db by host-a");

        SqlStep edited = step("create", "CREATE TABLE t_items (id INTEGER, extra INTEGER)", "DROP TABLE t_items");
        StepResult blocked = runner(db).apply(edited, context("host-b"));
        assertThat(blocked.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(blocked.error().orElseThrow()).contains("edited after it ran").contains("versiond repair");

        assertThat(SqlHistoryRepair.accept(Databases.of(List.of(db)), edited, new HostRoot(tmp), "app", "1.1.0"))
                .isEqualTo(1);
        assertThat(runner(db).apply(edited, context("host-b")).outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void aSqliteDatabaseGivenAsAHostPathLivesUnderTheRoot() throws Exception {
        SqlStep onFile = new SqlStep(new StepCommon("create", Optional.empty(), Optional.empty(), 0, false,
                Position.startOf("test")), "/var/lib/app/app.db", Optional.of(SqlEngine.SQLITE),
                "CREATE TABLE t_items (id INTEGER)", Optional.empty(), Optional.empty(), Optional.empty());
        Files.createDirectories(tmp.resolve("var/lib/app"));
        StepResult r = new SqlStepRunner(Databases.none(), Clock.systemUTC()).apply(onFile, context("host-a"));
        assertThat(r.outcome()).as("%s", r).isEqualTo(Outcome.APPLIED);
        assertThat(tmp.resolve("var/lib/app/app.db")).isRegularFile();
    }

    @Test
    void passwordsInUrlsAreMasked() {
        assertThat(DatabaseEndpoint.mask("jdbc:mariadb://db:3306/cms?user=cms&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:mariadb://db:3306/cms?user=cms&password=******&ssl=true");
        assertThat(DatabaseEndpoint.mask("jdbc:postgresql://cms:s3cret@db:5432/cms"))
                .isEqualTo("jdbc:postgresql://cms:******@db:5432/cms");
        DatabaseEndpoint e = new DatabaseEndpoint("cms", SqlEngine.POSTGRESQL, "jdbc:postgresql://db/cms",
                Optional.of("cms"), Optional.of("s3cret"));
        assertThat(e.toString()).doesNotContain("s3cret");
        assertThat(Databases.of(List.of(e)).redactor().mask("auth failed for s3cret")).doesNotContain("s3cret");
    }

    private static String query(DatabaseEndpoint db, String sql) throws SQLException {
        try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
