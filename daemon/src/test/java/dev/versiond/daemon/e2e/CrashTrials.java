package dev.versiond.daemon.e2e;

import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * SIGKILL trials of {@code apply --once}, one phase of a pass at a time. A trial builds a fresh host
 * and repository, brings the host to the phase's starting point, kills two to four children at
 * random instants, lets one run to completion, and checks what an operator would: the recorded
 * version is the phase's end state, the host's files are byte for byte those of an uninterrupted
 * run, every pass and step is closed, no step finished twice in one direction, and every guarded
 * command ran only when the journal says it was started (never again after it finished). Every
 * release snapshots a data directory its migrate step rewrites, so captures and restores (on
 * rollback and downgrade) are killed too, and the data must come back byte for byte. Every release
 * also migrates a SQLite database with a {@code sql} step (see {@link AppRelease#withSchema()}), so
 * kills land in sql up, in its down on rollback and on downgrade: the database must hold exactly the
 * converged version's tables, columns and rows, and its {@code versiond_schema_history} must agree
 * with the journal (see {@link #database}). Given a PostgreSQL server, every other trial runs the same
 * schema steps there, each trial in a schema of its own, with the same checks: PostgreSQL commits a
 * step's statements and its history row in one transaction, like SQLite.
 *
 * <p>Half the kills land at a random delay after the child starts (JVM start, Git, planning,
 * steps); the other half wait until the child has opened its pass and land within the typical
 * duration of its steps. Used by {@link CrashIT} (the suite) and {@link CrashTrialsMain}
 * ({@code bench/crash-trials.sh}).
 */
final class CrashTrials {

    /** The phase a trial kills the agent in. */
    enum Phase {
        /** 1.0.0 → 1.2.0 through 1.1.0. */
        UPGRADE,
        /** 1.0.0 → 1.2.0, whose verify check fails: rolled back to 1.0.0. */
        ROLLBACK_AFTER_VERIFY,
        /** 1.0.0 → 1.2.0, whose migrate step fails: rolled back to 1.0.0. */
        ROLLBACK_AFTER_UP,
        /** 1.2.0 → 1.0.0 by {@code git revert} of the bump. */
        DOWNGRADE,
        /** Killed during 1.0.0 → 1.2.0, then the bump is reverted: the leftovers are cleaned up. */
        CLEANUP
    }

    /**
     * How one trial went; converged when {@link #problems} is empty.
     *
     * @param postgres whether its schema steps ran on PostgreSQL (else on a SQLite file of the host)
     */
    record Outcome(Phase phase, boolean postgres, int kills, int midPass, List<String> problems) {
        boolean converged() {
            return problems.isEmpty();
        }
    }

    private static final int SLEEP_MILLIS = 60;

    private final VersiondCli cli;
    private final Path work;
    private final Random random;
    private final Optional<String> postgres;
    private final Map<Phase, Map<String, String>> reference = new EnumMap<>(Phase.class);
    private final Map<Phase, Duration> passDuration = new EnumMap<>(Phase.class);
    private final Map<Phase, Duration> startDuration = new EnumMap<>(Phase.class);
    private int trials;

    /**
     * @param postgres the JDBC URL of a PostgreSQL server: when given, every other trial migrates a
     *     schema of its own there instead of the SQLite file (the kills, the phases and the checks are
     *     the same), so both engines share the trials rather than doubling them
     */
    CrashTrials(VersiondCli cli, Path work, Random random, Optional<String> postgres) {
        this.cli = cli;
        this.work = work;
        this.random = random;
        this.postgres = postgres;
    }

    /** One trial of {@code phase}. */
    Outcome run(Phase phase) {
        int n = trials++;
        if (!reference.containsKey(phase)) {
            measureReference(phase);
        }
        Optional<String> schema = postgres.filter(url -> n % 2 == 1).map(url -> Postgres.schema(url, "crash_trial_"
                + ProcessHandle.current().pid() + "_" + n));
        try (World w = new World(work.resolve("trial-" + n), schema)) {
            long setupPasses = w.setUp(phase);
            Map<String, String> base = w.tree();
            int kills = 0;
            int midPass = 0;
            int planned = 2 + random.nextInt(3);
            boolean finished = false;
            for (int k = 0; k < planned && !finished; k++) {
                if (phase == Phase.CLEANUP && k == 1) {
                    w.revertBump(); // the target moves on while the host is between versions
                }
                long lastPass = w.lastPassId();
                VersiondCli.Running child = w.host.startApply();
                if (random.nextBoolean()) {
                    while (child.isAlive() && w.lastPassId() == lastPass) {
                        pause(Duration.ofMillis(10));
                    }
                    pause(Duration.ofMillis((long) (random.nextDouble() * passDuration.get(phase).toMillis())));
                } else {
                    long window = startDuration.get(phase).toMillis() + passDuration.get(phase).toMillis();
                    pause(Duration.ofMillis((long) (random.nextDouble() * 0.9 * window)));
                }
                if (!child.isAlive()) {
                    child.await(Duration.ofSeconds(5));
                    finished = true;
                    continue;
                }
                child.kill();
                kills++;
                long pass = w.lastPassId();
                if (pass != lastPass && "running".equals(w.passResult(pass))) {
                    midPass++;
                }
            }
            if (phase == Phase.CLEANUP && !w.reverted) {
                w.revertBump();
            }
            w.host.apply(); // to completion: a resumed rollback also leaves the host blocked at its start version
            List<String> problems = check(phase, w, base, setupPasses);
            return new Outcome(phase, schema.isPresent(), kills, midPass, problems);
        }
    }

    /** What an uninterrupted run of the phase leaves, and how long its pass takes. */
    private void measureReference(Phase phase) {
        try (World w = new World(work.resolve("reference-" + phase.name().toLowerCase()), Optional.empty())) {
            w.setUp(phase);
            if (phase == Phase.CLEANUP) {
                w.revertBump();
            }
            long before = w.lastPassId();
            long t0 = System.nanoTime();
            w.host.apply();
            Duration whole = Duration.ofNanos(System.nanoTime() - t0);
            List<Map<String, Object>> pass = w.host.query("SELECT started_at, finished_at FROM passes WHERE id = " + (before + 1));
            passDuration.put(phase, pass.isEmpty() ? Duration.ofSeconds(1) : Duration.between(
                    java.time.Instant.parse((String) pass.get(0).get("started_at")),
                    java.time.Instant.parse((String) pass.get(0).get("finished_at"))));
            startDuration.put(phase, whole.minus(passDuration.get(phase)).isNegative() ? Duration.ZERO
                    : whole.minus(passDuration.get(phase)));
            reference.put(phase, w.tree());
        }
    }

    private List<String> check(Phase phase, World w, Map<String, String> base, long setupPasses) {
        List<String> problems = new ArrayList<>();
        String expectedVersion = phase == Phase.UPGRADE ? "1.2.0" : "1.0.0";
        Optional<String> recorded = w.host.recordedVersion("app");
        if (!recorded.equals(Optional.of(expectedVersion))) {
            problems.add("recorded " + recorded.orElse("nothing") + ", expected " + expectedVersion);
        }
        Map<String, String> tree = w.tree();
        Map<String, String> expected = phase == Phase.UPGRADE || phase == Phase.DOWNGRADE ? reference.get(phase) : base;
        if (!tree.equals(expected)) {
            problems.add("host files differ from an uninterrupted run: " + difference(expected, tree));
        }
        if (!reference.get(phase).equals(expected)) {
            problems.add("an uninterrupted run does not end where the phase should: " + difference(expected, reference.get(phase)));
        }
        w.host.query("SELECT id, result FROM passes WHERE finished_at IS NULL OR result NOT IN "
                + "('applied', 'no_change', 'rolled_back', 'interrupted')").forEach(r -> problems.add("pass not closed cleanly: " + r));
        w.host.query("SELECT id, pass_id, step_id FROM journal WHERE outcome IS NULL")
                .forEach(r -> problems.add("journal row without an outcome: " + r));
        if (!w.host.query("SELECT name FROM sqlite_master WHERE name = 'rollbacks'").isEmpty()) {
            w.host.query("SELECT pass_id, stage FROM rollbacks WHERE stage NOT IN ('DONE')")
                    .forEach(r -> problems.add("rollback not finished: " + r));
            w.host.query("SELECT count(*) AS n FROM undo_log").stream().filter(r -> ((Number) r.get("n")).intValue() > 0)
                    .forEach(r -> problems.add("undo log left with " + r.get("n") + " entries"));
        }
        w.host.query("""
                SELECT version, step_id, %s AS reversal, count(*) AS n FROM journal
                WHERE pass_id > %d AND outcome = 'applied' AND kind <> 'check'
                GROUP BY component, version, step_id, 3 HAVING count(*) > 1""".formatted(reversal(w), setupPasses))
                .forEach(r -> problems.add("step finished twice in one direction: " + r));
        boolean rollback = phase == Phase.ROLLBACK_AFTER_UP || phase == Phase.ROLLBACK_AFTER_VERIFY;
        List<Map<String, Object>> blocked = w.host.query("SELECT version, degraded FROM blocked WHERE component = 'app'");
        if (rollback && (blocked.size() != 1 || !"1.2.0".equals(blocked.get(0).get("version"))
                || ((Number) blocked.get(0).get("degraded")).intValue() != 0)) {
            problems.add("expected 1.2.0 blocked (not degraded) after the rollback, found " + blocked);
        }
        if (!rollback && !blocked.isEmpty()) {
            problems.add("blocked after a phase that should succeed: " + blocked);
        }
        problems.addAll(sideEffects(w, setupPasses));
        problems.addAll(database(w, expectedVersion));
        Result plan = w.host.plan();
        if (!rollback && plan.exitCode() != 0) {
            problems.add("plan after the trial is not empty: " + plan);
        }
        return problems;
    }

    /**
     * Every guarded command the steps spawn logs a line; each must match a journal row that started
     * it and did not finish before the kill, or finished applied: never a spawn after it finished.
     */
    private static List<String> sideEffects(World w, long setupPasses) {
        List<String> problems = new ArrayList<>();
        List<String> spawned = w.host.log("/spawned.log");
        List<String> afterSetup = spawned.subList(Math.min(w.spawnedAtSetup, spawned.size()), spawned.size());
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
            for (String step : List.of("unpack", "migrate")) {
                if (w.replaced.contains(step + " " + version)) {
                    continue; // the failing stand-in of the phase logs nothing
                }
                for (boolean down : List.of(false, true)) {
                    String line = (down ? "down-" : "") + step + " " + version;
                    long spawns = afterSetup.stream().filter(line::equals).count();
                    String direction = down ? "phase IN ('rollback', 'cleanup', 'down') AND " + reversal(w) + " = 1"
                            : "phase = 'up'";
                    String where = "pass_id > %d AND version = '%s' AND step_id = '%s' AND %s".formatted(
                            setupPasses, version, step, direction);
                    long applied = count(w, where + " AND outcome = 'applied'");
                    long interrupted = count(w, where + " AND outcome = 'interrupted'");
                    if (spawns < applied || spawns > applied + interrupted) {
                        problems.add("'" + line + "' spawned " + spawns + " time(s) for " + applied + " applied and "
                                + interrupted + " interrupted journal row(s)");
                    }
                }
            }
        }
        return problems;
    }

    private static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "1.2.0");

    /**
     * The trial's database (its SQLite file, or its PostgreSQL schema), read after the last agent
     * exited: exactly the tables and columns of the versions up to {@code version}, the rows every
     * one of them wrote (the rows of 1.0.0 outlive every later version's up and down), and a history
     * that agrees with the journal. The history
     * gets a row in the transaction of each up or down that committed, and a step runs only when its
     * latest row says the other direction; so per version its rows alternate up, down, up, ...
     * starting with up and ending with up exactly when the version is applied, and there are at
     * least as many rows per direction as journal rows that applied the step that way, and no more
     * than those plus the ones a kill interrupted (the database committed, the journal did not hear).
     */
    private static List<String> database(World w, String version) {
        List<String> problems = new ArrayList<>();
        List<String> applied = VERSIONS.subList(0, VERSIONS.indexOf(version) + 1);
        List<String> later = applied.subList(1, applied.size());
        java.util.Set<String> tables = new java.util.TreeSet<>(List.of("items", "versiond_schema_history"));
        List<String> columns = new ArrayList<>(List.of("id", "name"));
        later.forEach(v -> {
            tables.add("t_" + AppRelease.schemaSuffix(v));
            columns.add("c_" + AppRelease.schemaSuffix(v));
        });
        List<String> rows = new ArrayList<>();
        for (String[] row : new String[][] {{"1", "one"}, {"2", "two"}}) {
            List<String> values = new ArrayList<>(List.of(row));
            values.addAll(later);
            rows.add(String.join("|", values));
        }
        String url = w.schema.orElse("jdbc:sqlite:" + w.host.path(AppRelease.DATABASE) + "?open_mode=1");
        boolean pg = w.schema.isPresent();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
            java.util.Set<String> foundTables = new java.util.TreeSet<>(strings(c, pg
                    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
            if (!foundTables.equals(tables)) {
                problems.add("database tables at " + version + ": expected " + tables + ", found " + foundTables);
            }
            if (foundTables.contains("items")) {
                List<String> foundColumns = strings(c, pg ? "SELECT column_name FROM information_schema.columns "
                        + "WHERE table_schema = current_schema() AND table_name = 'items' ORDER BY ordinal_position"
                        : "SELECT name FROM pragma_table_info('items') ORDER BY cid");
                if (!foundColumns.equals(columns)) {
                    problems.add("columns of items at " + version + ": expected " + columns + ", found " + foundColumns);
                }
                List<String> foundRows = strings(c, "SELECT * FROM items ORDER BY id");
                if (!foundRows.equals(rows)) {
                    problems.add("rows of items at " + version + ": expected " + rows + ", found " + foundRows);
                }
            }
            for (String v : later) {
                String table = "t_" + AppRelease.schemaSuffix(v);
                if (foundTables.contains(table) && !strings(c, "SELECT * FROM " + table).equals(List.of("1|from " + v))) {
                    problems.add("rows of " + table + ": " + strings(c, "SELECT * FROM " + table));
                }
            }
            for (String v : VERSIONS) {
                List<String> history = strings(c, "SELECT direction FROM versiond_schema_history WHERE component = 'app' "
                        + "AND version = '" + v + "' AND step_id = 'schema' ORDER BY installed_rank");
                for (int i = 0; i < history.size(); i++) {
                    if (!history.get(i).equals(i % 2 == 0 ? "up" : "down")) {
                        problems.add("schema history of " + v + " does not alternate up, down from up: " + history);
                        break;
                    }
                }
                boolean up = !history.isEmpty() && history.get(history.size() - 1).equals("up");
                if (up != applied.contains(v)) {
                    problems.add("schema history of " + v + " ends " + (history.isEmpty() ? "empty" : history.get(history.size() - 1))
                            + " at " + version + ": " + history);
                }
                for (boolean down : List.of(false, true)) {
                    long rowsThatWay = history.stream().filter((down ? "down" : "up")::equals).count();
                    String where = "version = '%s' AND step_id = 'schema' AND %s".formatted(v,
                            down ? "phase IN ('rollback', 'cleanup', 'down') AND " + reversal(w) + " = 1" : "phase = 'up'");
                    long journalApplied = count(w, where + " AND outcome = 'applied'");
                    long interrupted = count(w, where + " AND outcome = 'interrupted'");
                    if (rowsThatWay < journalApplied || rowsThatWay > journalApplied + interrupted) {
                        problems.add("schema history of " + v + " has " + rowsThatWay + " " + (down ? "down" : "up")
                                + " row(s) for " + journalApplied + " applied and " + interrupted
                                + " interrupted journal row(s): " + history);
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            problems.add("cannot read the database " + url + ": " + e.getMessage());
        }
        return problems;
    }

    /** The rows of a query, each row's values joined by '|'. */
    private static List<String> strings(java.sql.Connection c, String sql) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(r.getObject(i)));
                }
                out.add(String.join("|", values));
            }
        }
        return out;
    }

    /**
     * Whether a journal row reverses its step. Journals written before the undo log (a jar from before
     * it, as when checking that this test fails without the fix) have no column for it.
     */
    private static String reversal(World w) {
        boolean column = w.host.query("SELECT name FROM pragma_table_info('journal') WHERE name = 'reversal'").size() == 1;
        return column ? "reversal" : "(phase IN ('rollback', 'cleanup') OR phase = 'down' AND kind <> 'run')";
    }

    private static long count(World w, String where) {
        return ((Number) w.host.query("SELECT count(*) AS n FROM journal WHERE " + where).get(0).get("n")).longValue();
    }

    private static String difference(Map<String, String> expected, Map<String, String> actual) {
        List<String> lines = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                lines.add(k + ": expected " + v.strip() + ", found " + Optional.ofNullable(actual.get(k)).map(String::strip).orElse("nothing"));
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> lines.add(k + ": left behind"));
        return String.join("; ", lines);
    }

    /** One host, its repository and the phase's releases. */
    private final class World implements AutoCloseable {
        final GitFixture git;
        final Fleet fleet;
        final Host host;
        String bump;
        boolean reverted;
        int spawnedAtSetup;
        final java.util.Set<String> replaced = new java.util.HashSet<>();
        /** The JDBC URL of the trial's own PostgreSQL schema, when its schema steps run there. */
        final Optional<String> schema;

        World(Path dir, Optional<String> schema) {
            this.schema = schema;
            git = GitFixture.init(dir.resolve("repo"));
            fleet = Fleet.in(git);
            List<String> options = schema.map(url -> List.of("--databases-file",
                    Postgres.databasesFile(dir.resolve("databases.yaml"), url).toString())).orElse(List.of());
            host = new Host(cli, dir.resolve("repo").toUri().toString(), dir.resolve("state"), dir.resolve("root"), options);
        }

        /** A release of the trial: its schema steps on the trial's database. */
        AppRelease release(String version) {
            AppRelease r = AppRelease.of(version).sleeping(SLEEP_MILLIS).loggingDowns().snapshotting();
            return schema.isPresent() ? r.withSchemaOn(Postgres.NAME) : r.withSchema();
        }

        /** Brings the host to the phase's starting point and commits its change; returns the last setup pass. */
        long setUp(Phase phase) {
            AppRelease top = release("1.2.0");
            if (phase == Phase.ROLLBACK_AFTER_VERIFY) {
                top.failingAt(5);
            } else if (phase == Phase.ROLLBACK_AFTER_UP) {
                top.failingAt(4);
                replaced.add("migrate 1.2.0");
            }
            AppRelease[] releases = {release("1.0.0"), release("1.1.0"), top};
            AppRelease.writeApp(fleet, "1.0.0", releases);
            fleet.commit("app 1.0.0");
            host.converge();
            AppRelease.pin(fleet, "1.2.0");
            bump = fleet.commit("app 1.2.0");
            if (phase == Phase.DOWNGRADE) {
                host.converge();
                revertBump();
            }
            spawnedAtSetup = host.log("/spawned.log").size();
            return lastPassId();
        }

        void revertBump() {
            git.revert(bump);
            reverted = true;
        }

        /**
         * The host's files without the database's directory: its bytes hold times and ranks that
         * differ from run to run; {@link #database} checks what is in it.
         */
        Map<String, String> tree() {
            Map<String, String> tree = host.tree();
            // Nor the directory itself: the trials on PostgreSQL have none.
            String db = AppRelease.DATABASE.substring(0, AppRelease.DATABASE.lastIndexOf('/'));
            tree.keySet().removeIf(p -> p.equals(db) || p.startsWith(db + "/"));
            return tree;
        }

        long lastPassId() {
            try {
                return ((Number) host.query("SELECT coalesce(max(id), 0) AS id FROM passes").get(0).get("id")).longValue();
            } catch (IllegalStateException e) {
                return 0; // state.db does not exist yet, or the child holds a write lock for a moment
            }
        }

        String passResult(long pass) {
            try {
                return (String) host.query("SELECT result FROM passes WHERE id = " + pass).get(0).get("result");
            } catch (IllegalStateException e) {
                return "unknown";
            }
        }

        @Override
        public void close() {
            git.close();
            schema.ifPresent(Postgres::drop);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
