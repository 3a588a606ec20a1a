package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the host is at: {@code components}, {@code applied_versions} and {@code applied_steps},
 * {@code blocked} revisions and {@code managed} paths, and the rollback point ({@code point_*}), the
 * copy of those a pass chain takes before it changes anything. Its callers own the transactions (see
 * {@link SqliteStateStore}).
 */
final class RecordedTables {
    private final SqliteDatabase db;

    RecordedTables(SqliteDatabase db) {
        this.db = db;
    }

    // ---- reading -------------------------------------------------------------------------------

    Map<String, RecordedComponent> components() throws SQLException {
        Map<String, RecordedComponent> components = new TreeMap<>();
        Map<String, Map<Version, List<AppliedStep>>> steps = appliedSteps();
        Map<String, TreeMap<Version, AppliedVersion>> versions = new HashMap<>();
        try (PreparedStatement ps = db.prepare(
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
        try (PreparedStatement ps = db.prepare("SELECT name, version, commit_id FROM components");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                Version version = Version.parse(rs.getString(2));
                TreeMap<Version, AppliedVersion> applied = versions.getOrDefault(name, new TreeMap<>());
                components.put(name, new RecordedComponent(name, version, rs.getString(3),
                        new TreeMap<>(applied.headMap(version, true))));
            }
        }
        return components;
    }

    private Map<String, Map<Version, List<AppliedStep>>> appliedSteps() throws SQLException {
        Map<String, Map<Version, List<AppliedStep>>> steps = new HashMap<>();
        try (PreparedStatement ps = db.prepare("""
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

    Map<String, Blocked> blocked() throws SQLException {
        Map<String, Blocked> blocked = new TreeMap<>();
        try (PreparedStatement ps = db.prepare("SELECT component, version, commit_id, reason, degraded, at, reason_code FROM blocked");
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

    Map<String, Managed> managed() throws SQLException {
        Map<String, Managed> managed = new TreeMap<>();
        try (PreparedStatement ps = db.prepare("SELECT path, component, kind, expected, origin FROM managed");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                managed.put(rs.getString(1), new Managed(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
            }
        }
        return managed;
    }

    // ---- versions ------------------------------------------------------------------------------

    void recordApplied(String component, AppliedVersion version, long passId) throws SQLException {
        deleteVersion(component, version.version());
        try (PreparedStatement ps = db.prepare("""
                INSERT INTO applied_versions (component, version, commit_id, baseline, pass_id, applied_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, component);
            ps.setString(2, version.version().toString());
            ps.setString(3, version.commit());
            ps.setInt(4, version.baseline() ? 1 : 0);
            ps.setLong(5, passId);
            ps.setString(6, db.now());
            ps.executeUpdate();
        }
        insertSteps(component, version.version(), version.steps());
        setComponent(component, version.version(), version.commit(), passId);
    }

    private void insertSteps(String component, Version version, List<AppliedStep> steps) throws SQLException {
        try (PreparedStatement ps = db.prepare("""
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

    /** Forgets one version of a component: its steps, and what is pending or reversed of it. */
    private void deleteVersion(String component, Version version) throws SQLException {
        for (String table : List.of("applied_steps", "applied_versions", "pending_steps", "reversed_steps")) {
            try (PreparedStatement ps = db.prepare(
                    "DELETE FROM " + table + " WHERE component = ? AND version = ?")) {
                ps.setString(1, component);
                ps.setString(2, version.toString());
                ps.executeUpdate();
            }
        }
    }

    private void setComponent(String component, Version version, String commit, long passId) throws SQLException {
        try (PreparedStatement ps = db.prepare("""
                INSERT INTO components (name, version, commit_id, pass_id, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET version = excluded.version, commit_id = excluded.commit_id,
                  pass_id = excluded.pass_id, updated_at = excluded.updated_at""")) {
            ps.setString(1, component);
            ps.setString(2, version.toString());
            ps.setString(3, commit);
            ps.setLong(4, passId);
            ps.setString(5, db.now());
            ps.executeUpdate();
        }
    }

    void recordReversed(String component, Version version, Optional<Version> now, String commit, long passId)
            throws SQLException {
        deleteVersion(component, version);
        if (now.isPresent()) {
            setComponent(component, now.get(), commit, passId);
        } else {
            try (PreparedStatement ps = db.prepare("DELETE FROM components WHERE name = ?")) {
                ps.setString(1, component);
                ps.executeUpdate();
            }
        }
    }

    /** Replaces an applied version's definitions and checksums, keeping the priors of steps that still exist. */
    void repair(String component, Version version, List<AppliedStep> steps) throws SQLException {
        Map<String, Optional<String>> priors = new HashMap<>();
        appliedSteps().getOrDefault(component, Map.of()).getOrDefault(version, List.of())
                .forEach(s -> priors.put(s.section() + "/" + s.stepId(), s.priorJson()));
        try (PreparedStatement ps = db.prepare(
                "DELETE FROM applied_steps WHERE component = ? AND version = ?")) {
            ps.setString(1, component);
            ps.setString(2, version.toString());
            ps.executeUpdate();
        }
        List<AppliedStep> repaired = steps.stream().map(s -> new AppliedStep(s.section(), s.seq(), s.stepId(),
                s.kind(), s.definitionJson(), s.checksum(),
                priors.getOrDefault(s.section() + "/" + s.stepId(), s.priorJson()))).toList();
        insertSteps(component, version, repaired);
    }

    // ---- managed paths and blocks --------------------------------------------------------------

    void recordManaged(Managed managed) throws SQLException {
        db.exec("""
                INSERT INTO managed (path, component, kind, expected, origin) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(path) DO UPDATE SET component = excluded.component, kind = excluded.kind,
                  expected = excluded.expected, origin = excluded.origin""",
                managed.path(), managed.component(), managed.kind(), managed.expected(), managed.origin());
    }

    void forgetManaged(String path) throws SQLException {
        db.exec("DELETE FROM managed WHERE path = ?", path);
    }

    void block(Blocked blocked) throws SQLException {
        db.exec("""
                INSERT INTO blocked (component, version, commit_id, reason, degraded, at, reason_code) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(component) DO UPDATE SET version = excluded.version, commit_id = excluded.commit_id,
                  reason = excluded.reason, degraded = excluded.degraded, at = excluded.at, reason_code = excluded.reason_code""",
                blocked.component(), blocked.version().toString(), blocked.commit(), blocked.reason(),
                blocked.degraded() ? "1" : "0", blocked.at().toString(), blocked.code().word());
    }

    int unblock(String component) throws SQLException {
        return db.exec("DELETE FROM blocked WHERE component = ?", component);
    }

    int unblockAll() throws SQLException {
        return db.exec("DELETE FROM blocked");
    }

    // ---- the rollback point --------------------------------------------------------------------

    void takePoint(long passId, java.util.Collection<String> components) throws SQLException {
        for (String c : components) {
            if (db.exec("""
                    INSERT OR IGNORE INTO point_components (name, pass_id, present, version, commit_id, recorded_pass_id, updated_at)
                    SELECT ?1, ?2, count(name), max(version), max(commit_id), max(pass_id), max(updated_at)
                    FROM components WHERE name = ?1""", c, passId) == 0) {
                continue; // the chain already holds this component's point
            }
            db.exec("INSERT INTO point_versions SELECT * FROM applied_versions WHERE component = ?", c);
            db.exec("INSERT INTO point_steps SELECT * FROM applied_steps WHERE component = ?", c);
            db.exec("INSERT INTO point_managed SELECT * FROM managed WHERE component = ?", c);
        }
    }

    java.util.Set<String> pointComponents() throws SQLException {
        try (PreparedStatement ps = db.prepare("SELECT name FROM point_components ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    /** Puts the recorded state of each of {@code components} back as the rollback point holds it. */
    void restorePoint(java.util.Set<String> components) throws SQLException {
        for (String c : components) {
            for (String table : List.of("applied_steps", "applied_versions", "pending_steps", "reversed_steps")) {
                db.exec("DELETE FROM " + table + " WHERE component = ?", c);
            }
            db.exec("DELETE FROM components WHERE name = ?", c);
            db.exec("DELETE FROM managed WHERE component = ?", c);
            db.exec("""
                    INSERT INTO components (name, version, commit_id, pass_id, updated_at)
                    SELECT name, version, commit_id, recorded_pass_id, updated_at FROM point_components
                    WHERE name = ? AND present = 1""", c);
            db.exec("INSERT INTO applied_versions SELECT * FROM point_versions WHERE component = ?", c);
            db.exec("INSERT INTO applied_steps SELECT * FROM point_steps WHERE component = ?", c);
            db.exec("INSERT OR REPLACE INTO managed SELECT * FROM point_managed WHERE component = ?", c);
        }
    }

    /** Forgets the rollback point and the undo log: the pass chain is over. */
    void endChain() throws SQLException {
        try (Statement st = db.statement()) {
            for (String table : List.of("point_components", "point_versions", "point_steps", "point_managed", "undo_log")) {
                st.executeUpdate("DELETE FROM " + table);
            }
        }
    }
}
