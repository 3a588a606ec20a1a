package dev.versiond.daemon.state;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state store in {@code state.db} under the state directory: SQLite in WAL mode with
 * synchronous writes, migrated to the latest schema when opened. The writable store holds the
 * directory's OS lock for as long as it is open. Its methods are synchronized on the store, so the
 * agent's HTTP threads can read while a pass writes.
 *
 * <p>The SQL lives in one class per table group ({@link HistoryTables}, {@link JournalTables},
 * {@link RecordedTables}, {@link SettingsTable}) over one {@link SqliteDatabase}; this class decides
 * which writes share a transaction, since crash safety rests on that, and names each failure.
 */
public final class SqliteStateStore implements StateStore {
    public static final String DATABASE = "state.db";

    private final SqliteDatabase db;
    private final StateDirectoryLock lock;
    private final HistoryTables history;
    private final JournalTables journal;
    private final RecordedTables recorded;
    private final SettingsTable settings;

    private SqliteStateStore(SqliteDatabase db, StateDirectoryLock lock) {
        this.db = db;
        this.lock = lock;
        this.history = new HistoryTables(db);
        this.journal = new JournalTables(db);
        this.recorded = new RecordedTables(db);
        this.settings = new SettingsTable(db);
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
            return new SqliteStateStore(SqliteDatabase.openMigrated(stateDir.resolve(DATABASE), clock), lock);
        } catch (SQLException | RuntimeException e) {
            lock.close();
            throw e instanceof VersiondException ve ? ve : SqliteDatabase.failure("cannot open " + stateDir.resolve(DATABASE), e);
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
            return new SqliteStateStore(SqliteDatabase.openReadOnly(file, clock), null);
        } catch (SQLException e) {
            throw SqliteDatabase.failure("cannot open " + file, e);
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    @Override
    public synchronized RecordedState recorded() {
        return db.call("cannot read recorded state", () -> new RecordedState(recorded.components(), recorded.blocked(),
                recorded.managed(), settings.get("last_applied_commit"), journal.pending(), journal.reversed()));
    }

    // ---- passes and journal --------------------------------------------------------------------

    @Override
    public synchronized long beginPass(String trigger, Optional<String> commit, Optional<String> signer) {
        return db.call("cannot record pass", () -> history.beginPass(trigger, commit, signer));
    }

    @Override
    public synchronized void finishPass(long passId, PassResult result, String reason, Optional<Reason> code,
                                        List<ChangeRecord> changes) {
        db.transaction("cannot finish pass " + passId, () -> {
            history.finishPass(passId, result, reason, code, changes);
            if (result != PassResult.INTERRUPTED) {
                recorded.endChain();
            }
        });
    }

    @Override
    public synchronized void atomically(Runnable work) {
        db.transaction("cannot record", work::run);
    }

    @Override
    public synchronized int closeInterruptedPasses() {
        int[] closed = {0};
        db.transaction("cannot close interrupted passes", () -> closed[0] = history.closeInterruptedPasses());
        return closed[0];
    }

    @Override
    public synchronized long journalStart(JournalStart start) {
        // The journal row, its undo-log entry and its pending step: all of them, or none.
        long[] id = {0};
        db.transaction("cannot journal step " + start.stepId(), () -> id[0] = journal.start(start));
        return id[0];
    }

    @Override
    public synchronized void journalFinish(long journalId, StepOutcome outcome, Duration duration, Optional<String> error, String outputTail) {
        db.transaction("cannot journal step result", () -> journal.finish(journalId, outcome, duration, error, outputTail));
    }

    // ---- rollback point and undo log -----------------------------------------------------------

    @Override
    public synchronized void takePoint(long passId, java.util.Collection<String> components) {
        db.transaction("cannot record the rollback point", () -> recorded.takePoint(passId, components));
    }

    @Override
    public synchronized void endChain(Optional<String> appliedCommit) {
        db.transaction("cannot end the pass chain", () -> {
            recorded.endChain();
            if (appliedCommit.isPresent()) {
                recordLastApplied(appliedCommit.get());
            }
        });
    }

    @Override
    public synchronized java.util.Set<String> pointComponents() {
        return db.call("cannot read the rollback point", recorded::pointComponents);
    }

    @Override
    public synchronized List<UndoEntry> undoLog() {
        return db.call("cannot read the undo log", journal::undoLog);
    }

    @Override
    public synchronized void beginRollback(OpenRollback r) {
        db.transaction("cannot journal the rollback", () -> journal.beginRollback(r));
    }

    @Override
    public synchronized Optional<OpenRollback> openRollback() {
        return db.call("cannot read open rollbacks", journal::openRollback);
    }

    @Override
    public synchronized void restorePoint(long rollbackPassId, java.util.Collection<String> restored) {
        db.transaction("cannot restore the rollback point", () -> {
            recorded.restorePoint(pointComponents());
            recorded.endChain();
            journal.rollbackRestored(rollbackPassId, restored);
        });
    }

    @Override
    public synchronized void closeRollback(long rollbackPassId, OpenRollback.Stage stage) {
        db.transaction("cannot close the rollback", () -> {
            journal.closeRollback(rollbackPassId, stage);
            if (stage == OpenRollback.Stage.FAILED) {
                recorded.endChain(); // the host needs an operator; a later pass must not retry this rollback on its own
            }
        });
    }

    // ---- recorded state ------------------------------------------------------------------------

    @Override
    public synchronized void recordApplied(String component, AppliedVersion version, long passId) {
        db.transaction("cannot record " + component + " " + version.version(),
                () -> recorded.recordApplied(component, version, passId));
    }

    @Override
    public synchronized void recordReversed(String component, Version version, Optional<Version> now, String commit, long passId) {
        db.transaction("cannot record reversal of " + component + " " + version,
                () -> recorded.recordReversed(component, version, now, commit, passId));
    }

    @Override
    public synchronized void forgetPending(String component, String version, String stepId) {
        db.run("cannot forget pending step " + stepId, () -> journal.forgetPending(component, version, stepId));
    }

    @Override
    public synchronized void recordManaged(Managed managed) {
        db.run("cannot record managed path " + managed.path(), () -> recorded.recordManaged(managed));
    }

    @Override
    public synchronized void forgetManaged(String path) {
        db.run("cannot forget managed path " + path, () -> recorded.forgetManaged(path));
    }

    @Override
    public synchronized void block(Blocked blocked) {
        db.run("cannot block " + blocked.component(), () -> recorded.block(blocked));
    }

    @Override
    public synchronized int unblock(Optional<String> component) {
        return component.map(c -> db.call("cannot unblock " + c, () -> recorded.unblock(c)))
                .orElseGet(() -> db.call("cannot unblock", recorded::unblockAll));
    }

    @Override
    public synchronized void recordLastApplied(String commit) {
        putSetting("last_applied_commit", commit);
    }

    @Override
    public synchronized Optional<String> setting(String key) {
        return db.call("cannot read setting " + key, () -> settings.get(key));
    }

    @Override
    public synchronized void putSetting(String key, String value) {
        db.run("cannot record setting " + key, () -> settings.put(key, value));
    }

    @Override
    public synchronized void repair(String component, Version version, List<AppliedStep> steps) {
        db.transaction("cannot repair " + component + " " + version, () -> recorded.repair(component, version, steps));
    }

    // ---- history -------------------------------------------------------------------------------

    @Override
    public synchronized void recordPhases(long passId, Map<String, Double> seconds) {
        db.transaction("cannot record the phase times of pass " + passId, () -> history.recordPhases(passId, seconds));
    }

    @Override
    public synchronized List<PassRecord> history(Optional<String> component, int limit) {
        return db.call("cannot read history", () -> history.history(component, limit));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
