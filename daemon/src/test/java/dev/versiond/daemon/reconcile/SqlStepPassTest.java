package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.execute.Prior;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.SqlStep;
import dev.versiond.spec.model.Step;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sql steps in whole passes of the engine, on a SQLite file under the host root: a schema
 * migration keeps its rows across upgrade and downgrade, a failing statement rolls its step back
 * in the database and the pass back to where it began, and a crash after the database committed
 * (before the agent's journal did) is recovered from the database's own history.
 */
class SqlStepPassTest extends EngineHost {
    private static final String DB = "/var/lib/app/app.db";

    @BeforeEach
    void sqlMigrations() throws Exception {
        Files.createDirectories(root.resolve("var/lib/app"));
        repo.write("components/app/migrations/1.0.0.yaml", withSql("1.0.0", """
                  - id: schema
                    sql:
                      database: %s
                      up: |
                        CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                        INSERT INTO items (id, name) VALUES (1, 'it''s kept');
                      down: DROP TABLE items
                """.formatted(DB)));
        repo.write("components/app/migrations/1.1.0.yaml", withSql("1.1.0", """
                  - id: add-note
                    sql:
                      database: %s
                      file: sql/1.1.0-up.sql
                      down: ALTER TABLE items DROP COLUMN note
                """.formatted(DB)));
        repo.write("components/app/sql/1.1.0-up.sql", "ALTER TABLE items ADD COLUMN note TEXT;\n"
                + "UPDATE items SET note = 'from 1.1.0';\n");
        repo.write("components/app/migrations/1.2.0.yaml", withSql("1.2.0", """
                  - id: half-done
                    sql:
                      database: %s
                      up: |
                        UPDATE items SET name = 'changed by 1.2.0';
                        INSERT INTO no_such_table VALUES (1);
                      down: UPDATE items SET name = 'it''s kept'
                """.formatted(DB)));
        repo.commit("sql steps");
    }

    /** The migration of EngineHost with the sql step inserted as the first up step. */
    private static String withSql(String v, String sqlStep) {
        String base = EngineHost.migration(v, "");
        return base.replace("up:\n", "up:\n" + sqlStep);
    }

    @Test
    void upgradeAndDowngradeKeepTheDataAndAFailingStatementRollsThePassBack() throws SQLException {
        converged();
        assertThat(query("SELECT name FROM items")).containsExactly("it's kept");
        pin("1.1.0");
        converged();
        assertThat(query("SELECT name || ' / ' || note FROM items")).containsExactly("it's kept / from 1.1.0");

        pin("1.2.0");
        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);
        assertThat(recorded()).contains("1.1.0");
        assertThat(query("SELECT name FROM items")).as("the failed statement's step rolled back in the database")
                .containsExactly("it's kept");
        assertThat(query("SELECT step_id || ':' || direction FROM versiond_schema_history ORDER BY installed_rank"))
                .as("1.2.0's step left no row; nothing of 1.1.0 was reversed")
                .containsExactly("schema:up", "add-note:up");

        pin("1.0.0");
        converged();
        assertThat(recorded()).contains("1.0.0");
        assertThat(query("SELECT name FROM items")).as("the row survives the downgrade").containsExactly("it's kept");
        assertThat(columns()).containsExactly("id", "name");
        assertThat(query("SELECT step_id || ':' || direction || ':' || host FROM versiond_schema_history "
                + "ORDER BY installed_rank")).containsExactly("schema:up:web-01", "add-note:up:web-01",
                "add-note:down:web-01");
    }

    @Test
    void aCrashAfterTheDatabaseCommittedIsRecoveredFromItsHistoryWithoutRunningTheStepTwice() throws SQLException {
        converged();
        pin("1.1.0");
        try (Engine engine = Engine.open(options(), Clock.systemUTC(), DiesAfterSql::new)) {
            assertThatThrownBy(() -> engine.reconciler().pass("test", true, false, ProgressSink.none(), () -> false))
                    .isInstanceOf(CrashingExecutor.Crash.class);
        }
        assertThat(columns()).as("the database committed the step").contains("note");

        PassOutcome recovery = pass();

        assertThat(recovery).as("the next pass converges").isInstanceOf(PassOutcome.Applied.class);
        assertThat(recorded()).contains("1.1.0");
        assertThat(columns()).containsExactly("id", "name", "note");
        assertThat(query("SELECT name || ' / ' || note FROM items")).containsExactly("it's kept / from 1.1.0");
        List<String> history = query("SELECT step_id || ':' || direction FROM versiond_schema_history "
                + "ORDER BY installed_rank");
        assertThat(history).as("the database and the agent agree: never applied twice without a reversal between")
                .endsWith("add-note:up");
        for (int i = 1; i < history.size(); i++) {
            assertThat(history.get(i)).as("row %d of %s", i, history).isNotEqualTo(history.get(i - 1));
        }
        assertThat(pass()).as("nothing left to do").isInstanceOf(PassOutcome.NoChange.class);
    }

    /** Lets the sql step of 1.1.0 commit, then dies before the engine hears of it. */
    private static final class DiesAfterSql implements StepExecutor {
        private final StepExecutor delegate;

        DiesAfterSql(StepExecutor delegate) {
            this.delegate = delegate;
        }

        @Override
        public Prior capture(Step step, StepContext context) {
            return delegate.capture(step, context);
        }

        @Override
        public StepResult apply(Step step, StepContext context) {
            StepResult r = delegate.apply(step, context);
            if (step instanceof SqlStep sql && sql.id().equals("add-note")) {
                throw new CrashingExecutor.Crash("after apply " + step.id());
            }
            return r;
        }

        @Override
        public StepResult reverse(Step step, Prior prior, StepContext context) {
            return delegate.reverse(step, prior, context);
        }

        @Override
        public Optional<Boolean> probe(Step step, StepContext context) {
            return delegate.probe(step, context);
        }

        @Override
        public Optional<Boolean> probe(Step step, Prior prior, StepContext context) {
            return delegate.probe(step, prior, context);
        }

        @Override
        public byte[] render(FileStep step, StepContext context) {
            return delegate.render(step, context);
        }
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve(DB.substring(1)));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private List<String> columns() throws SQLException {
        return query("SELECT name FROM pragma_table_info('items') ORDER BY cid");
    }
}
