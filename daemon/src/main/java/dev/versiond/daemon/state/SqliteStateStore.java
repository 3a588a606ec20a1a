package dev.versiond.daemon.state;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state store in {@code state.db} under the state directory: SQLite in WAL mode with
 * synchronous writes, migrated to the latest schema when opened. The writable store holds the
 * directory's OS lock for as long as it is open. Its methods are synchronized on the one
 * connection, so the agent's HTTP threads can read while a pass writes.
 */
public final class SqliteStateStore implements StateStore {
    public static final String DATABASE = "state.db";

    private final Connection db;
    private final Clock clock;
    private final StateDirectoryLock lock;

    private SqliteStateStore(Connection db, Clock clock, StateDirectoryLock lock) {
        this.db = db;
        this.clock = clock;
        this.lock = lock;
    }

    /** Opens (creating if needed) the store of a state directory and takes its lock. */
    public static SqliteStateStore open(Path stateDir, Clock clock) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STATE, "cannot create state directory " + stateDir + ": " + IoReason.of(e), e);
        }
        StateDirectoryLock lock = StateDirectoryLock.acquire(stateDir);
        try {
            Connection db = connect(stateDir.resolve(DATABASE), false);
            migrate(db);
            return new SqliteStateStore(db, clock, lock);
        } catch (SQLException | RuntimeException e) {
            lock.close();
            throw e instanceof VersiondException ve ? ve : failure("cannot open " + stateDir.resolve(DATABASE), e);
        }
    }

    /**
     * Opens a store for reading only, without the lock, so {@code history} works while the agent
     * runs (WAL lets readers see committed data without blocking the writer).
     */
    public static SqliteStateStore openReadOnly(Path stateDir, Clock clock) {
        Path file = stateDir.resolve(DATABASE);
        if (!Files.isRegularFile(file)) {
            throw new VersiondException(ErrorCode.STATE, "no state recorded in " + stateDir + " (no " + DATABASE + ")");
        }
        try {
            Connection db = connect(file, true);
            int version = userVersion(db);
            if (version > Schema.latest()) {
                throw new VersiondException(ErrorCode.STATE, file + " has schema " + version
                        + ", newer than this versiond understands (" + Schema.latest() + ")");
            }
            return new SqliteStateStore(db, clock, null);
        } catch (SQLException e) {
            throw failure("cannot open " + file, e);
        }
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(5000);
        if (!readOnly) {
            config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.FULL);
        }
        config.enforceForeignKeys(true);
        return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    }

    private static int userVersion(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void migrate(Connection db) throws SQLException {
        int current = userVersion(db);
        if (current > Schema.latest()) {
            throw new VersiondException(ErrorCode.STATE, "state database has schema " + current
                    + ", newer than this versiond understands (" + Schema.latest() + "); refusing to touch it");
        }
        for (int v = current; v < Schema.latest(); v++) {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                for (String sql : Schema.MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }
    }

    private static VersiondException failure(String what, Exception e) {
        return new VersiondException(ErrorCode.STATE, what + ": " + e.getMessage(), e);
    }

    private String now() {
        return clock.instant().toString();
    }

    // ---- reading -------------------------------------------------------------------------------

    @Override
    public synchronized RecordedState recorded() {
        try {
            Map<String, RecordedComponent> components = new TreeMap<>();
            Map<String, Map<Version, List<AppliedStep>>> steps = readAppliedSteps();
            Map<String, TreeMap<Version, AppliedVersion>> versions = new HashMap<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT component, version, commit_id, baseline FROM applied_versions");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String component = rs.getString(1);
                    Version version = Version.parse(rs.getString(2));
                    List<AppliedStep> of = steps.getOrDefault(component, Map.of()).getOrDefault(version, List.of());
                    versions.computeIfAbsent(component, c -> new TreeMap<>())
                            .put(version, new AppliedVersion(version, rs.getString(3), rs.getInt(4) != 0, of));
                }
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT name, version, commit_id FROM components");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    Version version = Version.parse(rs.getString(2));
                    TreeMap<Version, AppliedVersion> applied = versions.getOrDefault(name, new TreeMap<>());
                    components.put(name, new RecordedComponent(name, version, rs.getString(3),
                            new TreeMap<>(applied.headMap(version, true))));
                }
            }
            return new RecordedState(components, readBlocked(), readManaged(), meta("last_applied_commit"),
                    readPending(), readReversed());
        } catch (SQLException e) {
            throw failure("cannot read recorded state", e);
        }
    }

    private Map<String, Map<Version, List<AppliedStep>>> readAppliedSteps() throws SQLException {
        Map<String, Map<Version, List<AppliedStep>>> steps = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT component, version, section, seq, step_id, kind, definition, checksum, prior
                FROM applied_steps ORDER BY component, version, section DESC, seq""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                steps.computeIfAbsent(rs.getString(1), c -> new HashMap<>())
                        .computeIfAbsent(Version.parse(rs.getString(2)), v -> new ArrayList<>())
                        .add(new AppliedStep(rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getString(8), Optional.ofNullable(rs.getString(9))));
            }
        }
        return steps;
    }

    private Map<String, Blocked> readBlocked() throws SQLException {
        Map<String, Blocked> blocked = new TreeMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT component, version, commit_id, reason, degraded, at, reason_code FROM blocked");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Blocked b = new Blocked(rs.getString(1), Version.parse(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getInt(5) != 0, Instant.parse(rs.getString(6)));
                String code = rs.getString(7);
                blocked.put(b.component(), code == null ? b : new Blocked(b.component(), b.version(), b.commit(),
                        b.reason(), b.degraded(), b.at(), Reason.ofWord(code)));
            }
        }
        return blocked;
    }

    private Map<String, Managed> readManaged() throws SQLException {
        Map<String, Managed> managed = new TreeMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT path, component, kind, expected, origin FROM managed");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                managed.put(rs.getString(1), new Managed(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
        }
        return managed;
    }

    private Map<String, PendingStep> readPending() throws SQLException {
        Map<String, PendingStep> pending = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT component, version, step_id, journal_id, kind, definition, prior FROM pending_steps");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                PendingStep p = new PendingStep(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), Optional.ofNullable(rs.getString(7)));
                pending.put(p.key(), p);
            }
        }
        return pending;
    }

    private java.util.Set<String> readReversed() throws SQLException {
        java.util.Set<String> reversed = new java.util.HashSet<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT component, version, section, step_id FROM reversed_steps");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reversed.add(RecordedState.reversedKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return reversed;
    }

    private Optional<String> meta(String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    // ---- passes and journal --------------------------------------------------------------------

    @Override
    public synchronized long beginPass(String trigger, Optional<String> commit, Optional<String> signer) {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO passes (trigger, commit_id, signer, started_at, result, reason) VALUES (?, ?, ?, ?, 'running', '')",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, trigger);
            ps.setString(2, commit.orElse(null));
            ps.setString(3, signer.orElse(null));
            ps.setString(4, now());
            ps.executeUpdate();
            return generatedKey(ps);
        } catch (SQLException e) {
            throw failure("cannot record pass", e);
        }
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no id generated");
            }
            return keys.getLong(1);
        }
    }

    @Override
    public synchronized void finishPass(long passId, String result, String reason, List<ChangeRecord> changes) {
        transaction("cannot finish pass " + passId, () -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE passes SET finished_at = ?, result = ?, reason = ? WHERE id = ?")) {
                ps.setString(1, now());
                ps.setString(2, result);
                ps.setString(3, reason);
                ps.setLong(4, passId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO pass_changes (pass_id, component, from_version, to_version, kind) VALUES (?, ?, ?, ?, ?)")) {
                for (ChangeRecord c : changes) {
                    ps.setLong(1, passId);
                    ps.setString(2, c.component());
                    ps.setString(3, c.from().orElse(null));
                    ps.setString(4, c.to().orElse(null));
                    ps.setString(5, c.kind());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (!result.equals("interrupted")) {
                endChain();
            }
        });
    }

    /** Forgets the rollback point and the undo log: the pass chain is over. */
    private void endChain() throws SQLException {
        try (Statement st = db.createStatement()) {
            for (String table : List.of("point_components", "point_versions", "point_steps", "point_managed", "undo_log")) {
                st.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    @Override
    public synchronized void atomically(Runnable work) {
        transaction("cannot record", work::run);
    }

    @Override
    public synchronized int closeInterruptedPasses() {
        int[] closed = {0};
        transaction("cannot close interrupted passes", () -> {
            try (PreparedStatement ps = db.prepareStatement("""
                    UPDATE journal SET outcome = 'interrupted', finished_at = ?, error = 'the process stopped during this step'
                    WHERE finished_at IS NULL AND pass_id IN (SELECT id FROM passes WHERE result = 'running')""")) {
                ps.setString(1, now());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE passes SET result = 'interrupted', reason = 'the process stopped during this pass', "
                            + "finished_at = ? WHERE result = 'running'")) {
                ps.setString(1, now());
                closed[0] = ps.executeUpdate();
            }
        });
        return closed[0];
    }

    @Override
    public synchronized long journalStart(JournalStart start) {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO journal (pass_id, component, version, step_id, phase, kind, definition, checksum, prior,
                                     corrective, started_at, reversal, undoes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, start.passId());
            ps.setString(2, start.component());
            ps.setString(3, start.version());
            ps.setString(4, start.stepId());
            ps.setString(5, start.phase());
            ps.setString(6, start.kind());
            ps.setString(7, start.definitionJson());
            ps.setString(8, start.checksum());
            ps.setString(9, start.priorJson().orElse(null));
            ps.setInt(10, start.corrective() ? 1 : 0);
            ps.setString(11, now());
            ps.setInt(12, start.reversal() ? 1 : 0);
            if (start.undoes().isPresent()) {
                ps.setLong(13, start.undoes().get());
            } else {
                ps.setNull(13, Types.INTEGER);
            }
            ps.executeUpdate();
            long id = generatedKey(ps);
            if (UNDONE_BY_ROLLBACK.contains(start.phase()) && !start.kind().equals("check")) {
                // Before the step has any effect: a rollback, in this process or the next, knows to undo it.
                try (PreparedStatement undo = db.prepareStatement("""
                        INSERT OR IGNORE INTO undo_log (journal_id, component, version, step_id, reapply, kind, definition, prior)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    undo.setLong(1, id);
                    undo.setString(2, start.component());
                    undo.setString(3, start.version());
                    undo.setString(4, start.stepId());
                    undo.setInt(5, start.reversal() ? 1 : 0);
                    undo.setString(6, start.kind());
                    undo.setString(7, start.definitionJson());
                    undo.setString(8, start.priorJson().orElse(null));
                    undo.executeUpdate();
                }
            }
            if (start.phase().equals("up")) {
                try (PreparedStatement pending = db.prepareStatement("""
                        INSERT OR IGNORE INTO pending_steps (component, version, step_id, journal_id, kind, definition, prior)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                    pending.setString(1, start.component());
                    pending.setString(2, start.version());
                    pending.setString(3, start.stepId());
                    pending.setLong(4, id);
                    pending.setString(5, start.kind());
                    pending.setString(6, start.definitionJson());
                    pending.setString(7, start.priorJson().orElse(null));
                    pending.executeUpdate();
                }
            }
            return id;
        } catch (SQLException e) {
            throw failure("cannot journal step " + start.stepId(), e);
        }
    }

    @Override
    public synchronized void journalFinish(long journalId, String outcome, Duration duration, Optional<String> error, String outputTail) {
        transaction("cannot journal step result", () -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE journal SET finished_at = ?, outcome = ?, duration_ms = ?, error = ?, output_tail = ? WHERE id = ?")) {
                ps.setString(1, now());
                ps.setString(2, outcome);
                ps.setLong(3, duration.toMillis());
                ps.setString(4, error.orElse(null));
                ps.setString(5, outputTail);
                ps.setLong(6, journalId);
                ps.executeUpdate();
            }
            finished(journalId, outcome);
        });
    }

    /**
     * What a finished step means for the recorded state, in the transaction that journals its end, so
     * no crash can fall between "the journal says it finished" and "the state knows it".
     */
    private void finished(long journalId, String outcome) throws SQLException {
        boolean ok = !outcome.equals("skipped") && !outcome.equals("failed");
        String component;
        String version;
        String stepId;
        String phase;
        boolean reversal;
        long undoes;
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT component, version, step_id, phase, reversal, undoes FROM journal WHERE id = ?")) {
            ps.setLong(1, journalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                component = rs.getString(1);
                version = rs.getString(2);
                stepId = rs.getString(3);
                phase = rs.getString(4);
                reversal = rs.getInt(5) != 0;
                undoes = rs.getLong(6);
                if (rs.wasNull()) {
                    undoes = -1;
                }
            }
        }
        if (phase.equals("rollback")) {
            // An undo that finished, or found nothing to undo, is done; a failed one ends the chain elsewhere.
            if (!outcome.equals("failed")) {
                if (undoes >= 0) {
                    exec("DELETE FROM undo_log WHERE id = ?", undoes);
                }
                exec("DELETE FROM pending_steps WHERE component = ? AND version = ? AND step_id = ?", component, version, stepId);
            }
            return;
        }
        if (!ok) {
            // Logged since this very entry: the step changed nothing, so nothing of it is ours to undo.
            exec("DELETE FROM pending_steps WHERE journal_id = ?", journalId);
            exec("DELETE FROM undo_log WHERE journal_id = ?", journalId);
            return;
        }
        // A step that undid what an earlier pass of the chain did cancels that entry: nothing is left to undo.
        int cancelled = exec("DELETE FROM undo_log WHERE component = ? AND version = ? AND step_id = ? AND reapply = ?",
                component, version, stepId, reversal ? 0 : 1);
        if (cancelled > 0) {
            exec("DELETE FROM undo_log WHERE journal_id = ?", journalId);
        }
        if (phase.equals("cleanup")) {
            exec("DELETE FROM pending_steps WHERE component = ? AND version = ? AND step_id = ?", component, version, stepId);
        } else if (phase.equals("down")) {
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT OR IGNORE INTO reversed_steps (component, version, section, step_id, journal_id)
                    VALUES (?, ?, ?, ?, ?)""")) {
                ps.setString(1, component);
                ps.setString(2, version);
                ps.setString(3, reversal ? AppliedStep.UP : AppliedStep.DOWN);
                ps.setString(4, stepId);
                ps.setLong(5, journalId);
                ps.executeUpdate();
            }
        }
    }

    private int exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Phases whose steps change the host on the way forward, so a rollback undoes them. */
    private static final java.util.Set<String> UNDONE_BY_ROLLBACK =
            java.util.Set.of("up", "down", "cleanup", "converge", "on-change", "heal");

    // ---- rollback point and undo log -----------------------------------------------------------

    @Override
    public synchronized void takePoint(long passId, java.util.Collection<String> components) {
        transaction("cannot record the rollback point", () -> {
            for (String c : components) {
                if (exec("""
                        INSERT OR IGNORE INTO point_components (name, pass_id, present, version, commit_id, recorded_pass_id, updated_at)
                        SELECT ?1, ?2, count(name), max(version), max(commit_id), max(pass_id), max(updated_at)
                        FROM components WHERE name = ?1""", c, passId) == 0) {
                    continue; // the chain already holds this component's point
                }
                exec("INSERT INTO point_versions SELECT * FROM applied_versions WHERE component = ?", c);
                exec("INSERT INTO point_steps SELECT * FROM applied_steps WHERE component = ?", c);
                exec("INSERT INTO point_managed SELECT * FROM managed WHERE component = ?", c);
            }
        });
    }

    @Override
    public synchronized void endChain(Optional<String> appliedCommit) {
        transaction("cannot end the pass chain", () -> {
            endChain();
            if (appliedCommit.isPresent()) {
                recordLastApplied(appliedCommit.get());
            }
        });
    }

    @Override
    public synchronized java.util.Set<String> pointComponents() {
        try (PreparedStatement ps = db.prepareStatement("SELECT name FROM point_components ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw failure("cannot read the rollback point", e);
        }
    }

    @Override
    public synchronized List<UndoEntry> undoLog() {
        try (PreparedStatement ps = db.prepareStatement(
                """
                SELECT u.id, u.journal_id, u.component, u.version, u.step_id, u.reapply, u.kind, u.definition, u.prior,
                       j.outcome = 'interrupted'
                FROM undo_log u LEFT JOIN journal j ON j.id = u.journal_id ORDER BY u.id""");
             ResultSet rs = ps.executeQuery()) {
            List<UndoEntry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(new UndoEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6) != 0, rs.getString(7), rs.getString(8), Optional.ofNullable(rs.getString(9)),
                        rs.getInt(10) != 0));
            }
            return entries;
        } catch (SQLException e) {
            throw failure("cannot read the undo log", e);
        }
    }

    @Override
    public synchronized void beginRollback(OpenRollback r) {
        transaction("cannot journal the rollback", () -> exec("""
                INSERT OR IGNORE INTO rollbacks (pass_id, component, version, commit_id, reason, reason_code, stage, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", r.passId(), r.component(), r.version().toString(), r.commit(),
                r.reason(), r.code().word(), r.stage().name(), now()));
    }

    @Override
    public synchronized Optional<OpenRollback> openRollback() {
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT pass_id, component, version, commit_id, reason, reason_code, stage, restored FROM rollbacks
                WHERE stage IN ('UNDO', 'VERIFY') ORDER BY pass_id DESC LIMIT 1""");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new OpenRollback(rs.getLong(1), rs.getString(2), Version.parse(rs.getString(3)),
                    rs.getString(4), rs.getString(5), Reason.ofWord(rs.getString(6)), OpenRollback.Stage.valueOf(rs.getString(7)),
                    rs.getString(8).isEmpty() ? List.of() : List.of(rs.getString(8).split(","))));
        } catch (SQLException e) {
            throw failure("cannot read open rollbacks", e);
        }
    }

    @Override
    public synchronized void restorePoint(long rollbackPassId, java.util.Collection<String> restored) {
        transaction("cannot restore the rollback point", () -> {
            for (String c : pointComponents()) {
                for (String table : List.of("applied_steps", "applied_versions", "pending_steps", "reversed_steps")) {
                    exec("DELETE FROM " + table + " WHERE component = ?", c);
                }
                exec("DELETE FROM components WHERE name = ?", c);
                exec("DELETE FROM managed WHERE component = ?", c);
                exec("""
                        INSERT INTO components (name, version, commit_id, pass_id, updated_at)
                        SELECT name, version, commit_id, recorded_pass_id, updated_at FROM point_components
                        WHERE name = ? AND present = 1""", c);
                exec("INSERT INTO applied_versions SELECT * FROM point_versions WHERE component = ?", c);
                exec("INSERT INTO applied_steps SELECT * FROM point_steps WHERE component = ?", c);
                exec("INSERT OR REPLACE INTO managed SELECT * FROM point_managed WHERE component = ?", c);
            }
            endChain();
            exec("UPDATE rollbacks SET stage = 'VERIFY', restored = ? WHERE pass_id = ? AND stage = 'UNDO'",
                    String.join(",", new java.util.TreeSet<>(restored)), rollbackPassId);
        });
    }

    @Override
    public synchronized void closeRollback(long rollbackPassId, OpenRollback.Stage stage) {
        transaction("cannot close the rollback", () -> {
            exec("UPDATE rollbacks SET stage = ?, finished_at = ? WHERE pass_id = ?", stage.name(), now(), rollbackPassId);
            if (stage == OpenRollback.Stage.FAILED) {
                endChain(); // the host needs an operator; a later pass must not retry this rollback on its own
            }
        });
    }

    // ---- recorded state ------------------------------------------------------------------------

    @Override
    public synchronized void recordApplied(String component, AppliedVersion version, long passId) {
        transaction("cannot record " + component + " " + version.version(), () -> {
            deleteVersion(component, version.version());
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO applied_versions (component, version, commit_id, baseline, pass_id, applied_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, component);
                ps.setString(2, version.version().toString());
                ps.setString(3, version.commit());
                ps.setInt(4, version.baseline() ? 1 : 0);
                ps.setLong(5, passId);
                ps.setString(6, now());
                ps.executeUpdate();
            }
            insertSteps(component, version.version(), version.steps());
            setComponent(component, version.version(), version.commit(), passId);
        });
    }

    private void insertSteps(String component, Version version, List<AppliedStep> steps) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO applied_steps (component, version, section, seq, step_id, kind, definition, checksum, prior)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (AppliedStep s : steps) {
                ps.setString(1, component);
                ps.setString(2, version.toString());
                ps.setString(3, s.section());
                ps.setInt(4, s.seq());
                ps.setString(5, s.stepId());
                ps.setString(6, s.kind());
                ps.setString(7, s.definitionJson());
                ps.setString(8, s.checksum());
                if (s.priorJson().isPresent()) {
                    ps.setString(9, s.priorJson().get());
                } else {
                    ps.setNull(9, Types.VARCHAR);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void deleteVersion(String component, Version version) throws SQLException {
        for (String table : List.of("applied_steps", "applied_versions", "pending_steps", "reversed_steps")) {
            try (PreparedStatement ps = db.prepareStatement(
                    "DELETE FROM " + table + " WHERE component = ? AND version = ?")) {
                ps.setString(1, component);
                ps.setString(2, version.toString());
                ps.executeUpdate();
            }
        }
    }

    private void setComponent(String component, Version version, String commit, long passId) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO components (name, version, commit_id, pass_id, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET version = excluded.version, commit_id = excluded.commit_id,
                  pass_id = excluded.pass_id, updated_at = excluded.updated_at""")) {
            ps.setString(1, component);
            ps.setString(2, version.toString());
            ps.setString(3, commit);
            ps.setLong(4, passId);
            ps.setString(5, now());
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized void recordReversed(String component, Version version, Optional<Version> now, String commit, long passId) {
        transaction("cannot record reversal of " + component + " " + version, () -> {
            deleteVersion(component, version);
            if (now.isPresent()) {
                setComponent(component, now.get(), commit, passId);
            } else {
                try (PreparedStatement ps = db.prepareStatement("DELETE FROM components WHERE name = ?")) {
                    ps.setString(1, component);
                    ps.executeUpdate();
                }
            }
        });
    }

    @Override
    public synchronized void forgetPending(String component, String version, String stepId) {
        update("cannot forget pending step " + stepId,
                "DELETE FROM pending_steps WHERE component = ? AND version = ? AND step_id = ?",
                component, version, stepId);
    }

    @Override
    public synchronized void recordManaged(Managed managed) {
        update("cannot record managed path " + managed.path(), """
                INSERT INTO managed (path, component, kind, expected, origin) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(path) DO UPDATE SET component = excluded.component, kind = excluded.kind,
                  expected = excluded.expected, origin = excluded.origin""",
                managed.path(), managed.component(), managed.kind(), managed.expected(), managed.origin());
    }

    @Override
    public synchronized void forgetManaged(String path) {
        update("cannot forget managed path " + path, "DELETE FROM managed WHERE path = ?", path);
    }

    @Override
    public synchronized void block(Blocked blocked) {
        update("cannot block " + blocked.component(), """
                INSERT INTO blocked (component, version, commit_id, reason, degraded, at, reason_code) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(component) DO UPDATE SET version = excluded.version, commit_id = excluded.commit_id,
                  reason = excluded.reason, degraded = excluded.degraded, at = excluded.at, reason_code = excluded.reason_code""",
                blocked.component(), blocked.version().toString(), blocked.commit(), blocked.reason(),
                blocked.degraded() ? "1" : "0", blocked.at().toString(), blocked.code().word());
    }

    @Override
    public synchronized int unblock(Optional<String> component) {
        return component.map(c -> update("cannot unblock " + c, "DELETE FROM blocked WHERE component = ?", c))
                .orElseGet(() -> update("cannot unblock", "DELETE FROM blocked"));
    }

    @Override
    public synchronized void recordLastApplied(String commit) {
        putSetting("last_applied_commit", commit);
    }

    @Override
    public synchronized Optional<String> setting(String key) {
        try {
            return meta(key);
        } catch (SQLException e) {
            throw failure("cannot read setting " + key, e);
        }
    }

    @Override
    public synchronized void putSetting(String key, String value) {
        update("cannot record setting " + key, """
                INSERT INTO meta (key, value) VALUES (?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value""", key, value);
    }

    @Override
    public synchronized void repair(String component, Version version, List<AppliedStep> steps) {
        transaction("cannot repair " + component + " " + version, () -> {
            Map<String, Optional<String>> priors = new HashMap<>();
            readAppliedSteps().getOrDefault(component, Map.of()).getOrDefault(version, List.of())
                    .forEach(s -> priors.put(s.section() + "/" + s.stepId(), s.priorJson()));
            try (PreparedStatement ps = db.prepareStatement(
                    "DELETE FROM applied_steps WHERE component = ? AND version = ?")) {
                ps.setString(1, component);
                ps.setString(2, version.toString());
                ps.executeUpdate();
            }
            List<AppliedStep> repaired = steps.stream().map(s -> new AppliedStep(s.section(), s.seq(), s.stepId(),
                    s.kind(), s.definitionJson(), s.checksum(),
                    priors.getOrDefault(s.section() + "/" + s.stepId(), s.priorJson()))).toList();
            insertSteps(component, version, repaired);
        });
    }

    // ---- history -------------------------------------------------------------------------------

    @Override
    public synchronized List<PassRecord> history(Optional<String> component, int limit) {
        try {
            String where = component.isPresent()
                    ? " WHERE id IN (SELECT pass_id FROM journal WHERE component = ?1 UNION SELECT pass_id FROM pass_changes WHERE component = ?1)"
                    : "";
            Map<Long, PassRecord> passes = new LinkedHashMap<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, trigger, commit_id, signer, started_at, finished_at, result, reason FROM passes"
                            + where + " ORDER BY id DESC LIMIT " + Math.max(1, limit))) {
                if (component.isPresent()) {
                    ps.setString(1, component.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        passes.put(id, new PassRecord(id, rs.getString(2), Optional.ofNullable(rs.getString(3)),
                                Optional.ofNullable(rs.getString(4)), Instant.parse(rs.getString(5)),
                                Optional.ofNullable(rs.getString(6)).map(Instant::parse), rs.getString(7),
                                rs.getString(8), changes(id), steps(id)));
                    }
                }
            }
            return List.copyOf(passes.values());
        } catch (SQLException e) {
            throw failure("cannot read history", e);
        }
    }

    private List<ChangeRecord> changes(long passId) throws SQLException {
        List<ChangeRecord> changes = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT component, from_version, to_version, kind FROM pass_changes WHERE pass_id = ? ORDER BY rowid")) {
            ps.setLong(1, passId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new ChangeRecord(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                            Optional.ofNullable(rs.getString(3)), rs.getString(4)));
                }
            }
        }
        return changes;
    }

    private List<StepRecord> steps(long passId) throws SQLException {
        List<StepRecord> steps = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT id, pass_id, component, version, step_id, phase, kind, checksum, started_at, finished_at,
                       outcome, duration_ms, error, output_tail, corrective
                FROM journal WHERE pass_id = ? ORDER BY id""")) {
            ps.setLong(1, passId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long duration = rs.getLong(12);
                    boolean hasDuration = !rs.wasNull();
                    steps.add(new StepRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            Instant.parse(rs.getString(9)), Optional.ofNullable(rs.getString(10)).map(Instant::parse),
                            Optional.ofNullable(rs.getString(11)),
                            hasDuration ? Optional.of(Duration.ofMillis(duration)) : Optional.empty(),
                            Optional.ofNullable(rs.getString(13)), rs.getString(14), rs.getInt(15) != 0));
                }
            }
        }
        return steps;
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** How many {@link #transaction}s are open: an inner one joins the outer one. */
    private int depth;

    private void transaction(String what, SqlWork work) {
        depth++;
        try {
            if (depth > 1) {
                work.run();
                return;
            }
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            depth--;
        }
    }

    private int update(String what, String sql, String... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("cannot close state database", e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
