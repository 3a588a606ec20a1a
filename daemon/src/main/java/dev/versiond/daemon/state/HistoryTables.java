package dev.versiond.daemon.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history of passes: {@code passes} and {@code pass_changes}, read back with each pass's journaled
 * steps. Its callers own the transactions (see {@link SqliteStateStore}).
 */
final class HistoryTables {
    private final SqliteDatabase db;

    HistoryTables(SqliteDatabase db) {
        this.db = db;
    }

    long beginPass(String trigger, Optional<String> commit, Optional<String> signer) throws SQLException {
        try (PreparedStatement ps = db.prepareInsert(
                "INSERT INTO passes (trigger, commit_id, signer, started_at, result, reason) VALUES (?, ?, ?, ?, 'running', '')")) {
            ps.setString(1, trigger);
            ps.setString(2, commit.orElse(null));
            ps.setString(3, signer.orElse(null));
            ps.setString(4, db.now());
            ps.executeUpdate();
            return SqliteDatabase.generatedKey(ps);
        }
    }

    void finishPass(long passId, PassResult result, String reason, Optional<Reason> code, List<ChangeRecord> changes)
            throws SQLException {
        try (PreparedStatement ps = db.prepare(
                "UPDATE passes SET finished_at = ?, result = ?, reason = ?, reason_code = ? WHERE id = ?")) {
            ps.setString(1, db.now());
            ps.setString(2, result.word());
            ps.setString(3, reason);
            ps.setString(4, code.map(Reason::word).orElse(null));
            ps.setLong(5, passId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepare(
                "INSERT INTO pass_changes (pass_id, component, from_version, to_version, kind, duration_ms, rto_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ChangeRecord c : changes) {
                ps.setLong(1, passId);
                ps.setString(2, c.component());
                ps.setString(3, c.from().orElse(null));
                ps.setString(4, c.to().orElse(null));
                ps.setString(5, c.kind());
                ps.setObject(6, c.duration().map(java.time.Duration::toMillis).orElse(null));
                ps.setObject(7, c.rto().map(java.time.Duration::toMillis).orElse(null));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Closes every pass still running, and its unfinished steps, as interrupted; returns how many passes. */
    int closeInterruptedPasses() throws SQLException {
        try (PreparedStatement ps = db.prepare("""
                UPDATE journal SET outcome = 'interrupted', finished_at = ?, error = 'the process stopped during this step'
                WHERE finished_at IS NULL AND pass_id IN (SELECT id FROM passes WHERE result = 'running')""")) {
            ps.setString(1, db.now());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepare(
                "UPDATE passes SET result = 'interrupted', reason = 'the process stopped during this pass', "
                        + "finished_at = ? WHERE result = 'running'")) {
            ps.setString(1, db.now());
            return ps.executeUpdate();
        }
    }

    List<PassRecord> history(Optional<String> component, int limit) throws SQLException {
        String where = component.isPresent()
                ? " WHERE id IN (SELECT pass_id FROM journal WHERE component = ?1 UNION SELECT pass_id FROM pass_changes WHERE component = ?1)"
                : "";
        Map<Long, PassRecord> passes = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepare(
                "SELECT id, trigger, commit_id, signer, started_at, finished_at, result, reason, reason_code FROM passes"
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
                            rs.getString(8), Optional.ofNullable(rs.getString(9)), changes(id), steps(id), phases(id)));
                }
            }
        }
        return List.copyOf(passes.values());
    }

    /** Replaces the phase times of a pass. */
    void recordPhases(long passId, Map<String, Double> seconds) throws SQLException {
        try (PreparedStatement ps = db.prepare("DELETE FROM pass_phases WHERE pass_id = ?")) {
            ps.setLong(1, passId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepare(
                "INSERT INTO pass_phases (pass_id, seq, phase, seconds) VALUES (?, ?, ?, ?)")) {
            int seq = 0;
            for (Map.Entry<String, Double> phase : seconds.entrySet()) {
                ps.setLong(1, passId);
                ps.setInt(2, seq++);
                ps.setString(3, phase.getKey());
                ps.setDouble(4, phase.getValue());
                ps.executeUpdate();
            }
        }
    }

    private Map<String, Double> phases(long passId) throws SQLException {
        Map<String, Double> phases = new LinkedHashMap<>();
        try (PreparedStatement ps = db.prepare("SELECT phase, seconds FROM pass_phases WHERE pass_id = ? ORDER BY seq")) {
            ps.setLong(1, passId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    phases.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return phases;
    }

    private List<ChangeRecord> changes(long passId) throws SQLException {
        List<ChangeRecord> changes = new ArrayList<>();
        try (PreparedStatement ps = db.prepare(
                "SELECT component, from_version, to_version, kind, duration_ms, rto_ms FROM pass_changes WHERE pass_id = ? "
                        + "ORDER BY rowid")) {
            ps.setLong(1, passId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new ChangeRecord(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                            Optional.ofNullable(rs.getString(3)), rs.getString(4), millis(rs, 5), millis(rs, 6)));
                }
            }
        }
        return changes;
    }

    private static Optional<java.time.Duration> millis(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(java.time.Duration.ofMillis(ms));
    }

    private List<StepRecord> steps(long passId) throws SQLException {
        List<StepRecord> steps = new ArrayList<>();
        try (PreparedStatement ps = db.prepare("""
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
}
