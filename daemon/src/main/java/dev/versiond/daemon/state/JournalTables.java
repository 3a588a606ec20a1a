package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a pass does and what it would take to undo it: the {@code journal} of steps, the
 * {@code pending_steps} and {@code reversed_steps} a finished step leaves, the {@code undo_log}, and
 * the {@code rollbacks} journaled before their first undo. Its callers own the transactions (see
 * {@link SqliteStateStore}).
 */
final class JournalTables {
    /** Phases whose steps change the host on the way forward, so a rollback undoes them. */
    private static final java.util.Set<JournalPhase> UNDONE_BY_ROLLBACK = java.util.EnumSet.of(JournalPhase.UP,
            JournalPhase.DOWN, JournalPhase.CLEANUP, JournalPhase.CONVERGE, JournalPhase.ON_CHANGE, JournalPhase.HEAL);

    private final SqliteDatabase db;

    JournalTables(SqliteDatabase db) {
        this.db = db;
    }

    long start(JournalStart start) throws SQLException {
        try (PreparedStatement ps = db.prepareInsert("""
                INSERT INTO journal (pass_id, component, version, step_id, phase, kind, definition, checksum, prior,
                                     corrective, started_at, reversal, undoes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, start.passId());
            ps.setString(2, start.component());
            ps.setString(3, start.version());
            ps.setString(4, start.stepId());
            ps.setString(5, start.phase().word());
            ps.setString(6, start.kind());
            ps.setString(7, start.definitionJson());
            ps.setString(8, start.checksum());
            ps.setString(9, start.priorJson().orElse(null));
            ps.setInt(10, start.corrective() ? 1 : 0);
            ps.setString(11, db.now());
            ps.setInt(12, start.reversal() ? 1 : 0);
            if (start.undoes().isPresent()) {
                ps.setLong(13, start.undoes().get());
            } else {
                ps.setNull(13, Types.INTEGER);
            }
            ps.executeUpdate();
            long id = SqliteDatabase.generatedKey(ps);
            if (UNDONE_BY_ROLLBACK.contains(start.phase()) && !start.kind().equals("check")) {
                // Before the step has any effect: a rollback, in this process or the next, knows to undo it.
                try (PreparedStatement undo = db.prepare("""
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
            if (start.phase() == JournalPhase.UP) {
                try (PreparedStatement pending = db.prepare("""
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
        }
    }

    /** Journals a step's end and, in the caller's transaction, what that end means for the recorded state. */
    void finish(long journalId, StepOutcome outcome, Duration duration, Optional<String> error, String outputTail)
            throws SQLException {
        try (PreparedStatement ps = db.prepare(
                "UPDATE journal SET finished_at = ?, outcome = ?, duration_ms = ?, error = ?, output_tail = ? WHERE id = ?")) {
            ps.setString(1, db.now());
            ps.setString(2, outcome.word());
            ps.setLong(3, duration.toMillis());
            ps.setString(4, error.orElse(null));
            ps.setString(5, outputTail);
            ps.setLong(6, journalId);
            ps.executeUpdate();
        }
        finished(journalId, outcome);
    }

    /**
     * What a finished step means for the recorded state, in the transaction that journals its end, so
     * no crash can fall between "the journal says it finished" and "the state knows it".
     */
    private void finished(long journalId, StepOutcome outcome) throws SQLException {
        boolean ok = outcome.changedHost();
        String component;
        String version;
        String stepId;
        JournalPhase phase;
        boolean reversal;
        long undoes;
        try (PreparedStatement ps = db.prepare(
                "SELECT component, version, step_id, phase, reversal, undoes FROM journal WHERE id = ?")) {
            ps.setLong(1, journalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                component = rs.getString(1);
                version = rs.getString(2);
                stepId = rs.getString(3);
                phase = JournalPhase.of(rs.getString(4));
                reversal = rs.getInt(5) != 0;
                undoes = rs.getLong(6);
                if (rs.wasNull()) {
                    undoes = -1;
                }
            }
        }
        if (phase == JournalPhase.ROLLBACK) {
            // An undo that finished, or found nothing to undo, is done; a failed one ends the chain elsewhere.
            if (outcome != StepOutcome.FAILED) {
                if (undoes >= 0) {
                    db.exec("DELETE FROM undo_log WHERE id = ?", undoes);
                }
                db.exec("DELETE FROM pending_steps WHERE component = ? AND version = ? AND step_id = ?", component, version, stepId);
            }
            return;
        }
        boolean reversing = phase == JournalPhase.CLEANUP || phase == JournalPhase.DOWN;
        if (!ok) {
            // Logged since this very entry: the step changed nothing, so nothing of it is ours to undo.
            db.exec("DELETE FROM pending_steps WHERE journal_id = ?", journalId);
            db.exec("DELETE FROM undo_log WHERE journal_id = ?", journalId);
            if (outcome == StepOutcome.FAILED || !reversing) {
                return;
            }
            // A reversal skipped because the host already is as before the step (a write a crash cut
            // short before its rename): the step is reversed all the same.
        }
        // A step that undid what an earlier pass of the chain did cancels that entry: nothing is left to undo.
        int cancelled = db.exec("DELETE FROM undo_log WHERE component = ? AND version = ? AND step_id = ? AND reapply = ?",
                component, version, stepId, reversal ? 0 : 1);
        if (cancelled > 0) {
            db.exec("DELETE FROM undo_log WHERE journal_id = ?", journalId);
        }
        if (phase == JournalPhase.CLEANUP) {
            db.exec("DELETE FROM pending_steps WHERE component = ? AND version = ? AND step_id = ?", component, version, stepId);
        } else if (phase == JournalPhase.DOWN) {
            try (PreparedStatement ps = db.prepare("""
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

    void forgetPending(String component, String version, String stepId) throws SQLException {
        db.exec("DELETE FROM pending_steps WHERE component = ? AND version = ? AND step_id = ?", component, version, stepId);
    }

    Map<String, PendingStep> pending() throws SQLException {
        Map<String, PendingStep> pending = new HashMap<>();
        try (PreparedStatement ps = db.prepare(
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

    java.util.Set<String> reversed() throws SQLException {
        java.util.Set<String> reversed = new java.util.HashSet<>();
        try (PreparedStatement ps = db.prepare("SELECT component, version, section, step_id FROM reversed_steps");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reversed.add(RecordedState.reversedKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return reversed;
    }

    List<UndoEntry> undoLog() throws SQLException {
        try (PreparedStatement ps = db.prepare(
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
        }
    }

    void beginRollback(OpenRollback r) throws SQLException {
        db.exec("""
                INSERT OR IGNORE INTO rollbacks (pass_id, component, version, commit_id, reason, reason_code, stage, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", r.passId(), r.component(), r.version().toString(), r.commit(),
                r.reason(), r.code().word(), r.stage().name(), db.now());
    }

    Optional<OpenRollback> openRollback() throws SQLException {
        try (PreparedStatement ps = db.prepare("""
                SELECT pass_id, component, version, commit_id, reason, reason_code, stage, restored, started_at FROM rollbacks
                WHERE stage IN ('UNDO', 'VERIFY') ORDER BY pass_id DESC LIMIT 1""");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new OpenRollback(rs.getLong(1), rs.getString(2), Version.parse(rs.getString(3)),
                    rs.getString(4), rs.getString(5), Reason.ofWord(rs.getString(6)), OpenRollback.Stage.valueOf(rs.getString(7)),
                    rs.getString(8).isEmpty() ? List.of() : List.of(rs.getString(8).split(",")),
                    Optional.of(java.time.Instant.parse(rs.getString(9)))));
        }
    }

    /** Moves the open rollback of a pass from undo to verify, naming the components it restored. */
    void rollbackRestored(long rollbackPassId, java.util.Collection<String> restored) throws SQLException {
        db.exec("UPDATE rollbacks SET stage = 'VERIFY', restored = ? WHERE pass_id = ? AND stage = 'UNDO'",
                String.join(",", new java.util.TreeSet<>(restored)), rollbackPassId);
    }

    void closeRollback(long rollbackPassId, OpenRollback.Stage stage) throws SQLException {
        db.exec("UPDATE rollbacks SET stage = ?, finished_at = ? WHERE pass_id = ?", stage.name(), db.now(), rollbackPassId);
    }
}
