package dev.versiond.daemon.sql;

import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.SqlEngine;
import dev.versiond.spec.model.SqlStatements;
import dev.versiond.spec.model.SqlStep;
import dev.versiond.daemon.IoReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries out {@code sql} steps. Under versiond's lock of the database ({@link Session}) a step
 * first reads its latest row in {@code versiond_schema_history}:
 * <ul>
 *   <li>applied there already (by this host before a crash, or by another host of the fleet):
 *       nothing runs, the step is recorded here as applied by that host — unless the row's checksum
 *       differs from the desired state's, which fails the step (a migration edited after it ran;
 *       {@code versiond repair} accepts the edit);
 *   <li>otherwise its statements run and the history row is written — on SQLite and PostgreSQL in
 *       the same transaction, so after a crash at any instant the database says whether the step
 *       happened; on MariaDB a step is one statement (DDL commits implicitly), the row follows it.
 * </ul>
 * Reversing is the mirror: the {@code down} statements and a {@code down} row, skipped when the
 * latest row is not {@code up}. On MariaDB a step with a {@code probe} asks it first: when the probe
 * sees the effect and the latest row does not say {@code up} (or the other way round), an earlier
 * attempt's statement committed and the agent died before its row; the missing row is written, and
 * the step then runs only if its direction still has something to do. A failing statement rolls the transaction back and is a failed result.
 * Every message is masked by the databases' redactor; the history holds no credential.
 */
public final class SqlStepRunner {
    private final Databases databases;
    private final Clock clock;

    public SqlStepRunner(Databases databases, Clock clock) {
        this.databases = Objects.requireNonNull(databases, "databases");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public StepResult apply(SqlStep step, StepContext context) {
        return run(step, context, true);
    }

    public StepResult reverse(SqlStep step, StepContext context) {
        if (step.down().isEmpty()) {
            return StepResult.failed("no inverse: sql step '" + step.id() + "' has no down", "", Duration.ZERO, 0);
        }
        return run(step, context, false);
    }

    /**
     * Whether the step's effect is in the database: on MariaDB with a {@code probe}, the probe's answer
     * (the statement may have committed before its row); otherwise its latest history row is {@code up}.
     * Empty when the database cannot be asked.
     */
    public Optional<Boolean> probe(SqlStep step, StepContext context) {
        DatabaseEndpoint endpoint = databases.endpoint(step, context.root());
        if (step.isHostFile() && !Files.exists(context.root().resolve(step.database()))) {
            return Optional.of(false); // asking must not create the file
        }
        Where where = Where.of(step, context);
        try (Session s = Session.open(endpoint, step.effectiveTimeout())) {
            if (endpoint.engine() == SqlEngine.MARIADB && step.probe().isPresent()) {
                // The probe sees the effect itself: a statement that committed without its row included.
                return Optional.of(s.ask(step.probe().get()));
            }
            Optional<HistoryRow> row = SchemaHistory.exists(s.connection())
                    ? SchemaHistory.latest(s.connection(), where.component, where.version, step.id()) : Optional.empty();
            return Optional.of(row.isPresent() && row.get().isUp());
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private StepResult run(SqlStep step, StepContext context, boolean up) {
        Instant start = clock.instant();
        DatabaseEndpoint endpoint = databases.endpoint(step, context.root());
        Redactor redactor = databases.redactor();
        String sql = up ? step.sql() : step.down().orElseThrow();
        List<String> statements = SqlStatements.split(sql);
        if (statements.isEmpty()) {
            return StepResult.failed("sql step '" + step.id() + "' has no statement to run", "", since(start), 0);
        }
        if (endpoint.engine() == SqlEngine.MARIADB && statements.size() > 1) {
            return StepResult.failed("sql step '" + step.id() + "' has " + statements.size() + " statements in its "
                    + (up ? "up" : "down") + ", but " + endpoint + " is MariaDB/MySQL, where DDL commits implicitly: "
                    + "a step must be a single statement (split it into one step per statement)", "", since(start), 0);
        }
        Optional<String> refused = prepareHostFile(step, context);
        if (refused.isPresent()) {
            return StepResult.failed(refused.get(), "", since(start), 0);
        }
        Where where = Where.of(step, context);
        String checksum = Checksums.of(step);
        try (Session s = Session.open(endpoint, step.effectiveTimeout())) {
            if (!s.lock()) {
                return StepResult.failed("could not take versiond's lock of " + endpoint + " within "
                        + step.effectiveTimeout().toSeconds() + "s", "", since(start), 1);
            }
            if (!s.engine().transactionalDdl()) {
                SchemaHistory.create(s.connection(), s.engine());
            }
            s.begin();
            if (s.engine().transactionalDdl()) {
                SchemaHistory.create(s.connection(), s.engine());
            }
            Optional<HistoryRow> last = SchemaHistory.latest(s.connection(), where.component, where.version, step.id());
            Optional<Boolean> effect = !s.engine().transactionalDdl() && step.probe().isPresent()
                    ? Optional.of(s.ask(step.probe().get())) : Optional.empty();
            boolean recordedUp = last.isPresent() && last.get().isUp();
            if (effect.isPresent() && effect.get() != recordedUp) {
                // The statement of an earlier attempt committed (DDL commits implicitly) and the agent died
                // before its row: the probe sees the effect the history misses. Complete the history first,
                // so the step is neither run twice nor left out of a later reversal.
                String direction = effect.get() ? HistoryRow.UP : HistoryRow.DOWN;
                SchemaHistory.insert(s.connection(), new HistoryRow(0, where.component, where.version, step.id(),
                        checksum, where.commit, where.host, direction, clock.instant().toString(), 0));
                if (effect.get() == up) {
                    return StepResult.applied("its " + (up ? "up" : "down") + " statement had committed to "
                            + endpoint.name() + " before its history row (the probe says so): row recorded, nothing run "
                            + "again", since(start), 0);
                }
                last = SchemaHistory.latest(s.connection(), where.component, where.version, step.id());
            }
            if (up && last.isPresent() && last.get().isUp()) {
                s.rollback();
                if (!last.get().checksum().equals(checksum)) {
                    return StepResult.failed("sql step '" + step.id() + "' was applied to " + endpoint.name() + " by "
                            + last.get().host() + " at " + last.get().appliedAt() + " with checksum "
                            + last.get().checksum() + ", but the desired state's is " + checksum + ": the migration was "
                            + "edited after it ran (restore it, or accept the edit with versiond repair)", "",
                            since(start), 1);
                }
                return StepResult.skipped("applied to " + endpoint.name() + " by " + last.get().host() + " at "
                        + last.get().appliedAt(), since(start));
            }
            if (!up && (last.isEmpty() || !last.get().isUp())) {
                s.rollback();
                return StepResult.skipped(last.isEmpty() ? "never applied to " + endpoint.name()
                        : "already reversed in " + endpoint.name() + " by " + last.get().host() + " at "
                        + last.get().appliedAt(), since(start));
            }
            for (String statement : statements) {
                s.execute(statement);
            }
            Instant end = clock.instant();
            SchemaHistory.insert(s.connection(), new HistoryRow(0, where.component, where.version, step.id(), checksum,
                    where.commit, where.host, up ? HistoryRow.UP : HistoryRow.DOWN, end.toString(),
                    Duration.between(start, end).toMillis()));
            s.commit();
            return StepResult.applied(statements.size() + (statements.size() == 1 ? " statement" : " statements")
                    + (up ? "" : " of down") + " committed to " + endpoint.name(), since(start), 1);
        } catch (SQLException e) {
            String rolledBack = endpoint.engine().transactionalDdl() ? " (rolled back)" : "";
            return StepResult.failed(redactor.mask(DatabaseEndpoint.mask("sql step '" + step.id() + "' failed on "
                    + endpoint + rolledBack + ": " + describe(e))), "", since(start), 1);
        }
    }

    /**
     * A SQLite file on the host: its directory is created like a file step's, and refused when a
     * symbolic link on the way leads out of the root or the allowed roots.
     */
    private static Optional<String> prepareHostFile(SqlStep step, StepContext context) {
        if (!step.isHostFile()) {
            return Optional.empty();
        }
        Path file = context.root().resolve(step.database());
        if (!context.root().parentsStayInside(file)) {
            return Optional.of("refused: a directory on the way to database " + step.database()
                    + " leads outside the root or the allowed roots");
        }
        try {
            Files.createDirectories(file.getParent());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot create the directory of database " + step.database() + ": " + IoReason.of(e));
        }
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getSQLState() == null ? message : message + " [SQLSTATE " + e.getSQLState() + "]";
    }

    private Duration since(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Which step of which version this is, from the context the engine gives every step. */
    private record Where(String component, String version, Optional<String> commit, String host) {
        static Where of(SqlStep step, StepContext context) {
            Object host = context.templateContext().get("host");
            return new Where(context.env().getOrDefault("VERSIOND_COMPONENT", ""),
                    context.env().getOrDefault("VERSIOND_VERSION",
                            String.valueOf(context.templateContext().getOrDefault("version", ""))),
                    Optional.ofNullable(context.env().get("VERSIOND_COMMIT")),
                    host == null ? "" : String.valueOf(host));
        }
    }
}
