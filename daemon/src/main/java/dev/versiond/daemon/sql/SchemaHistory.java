package dev.versiond.daemon.sql;

import dev.versiond.spec.model.SqlEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code versiond_schema_history} table in a database a {@code sql} step runs against: created
 * on first use, read for the latest row of a step, appended to in the step's own transaction.
 * Times are ISO-8601 UTC text so the table reads the same on every engine.
 */
final class SchemaHistory {
    static final String TABLE = "versiond_schema_history";
    private static final String COLUMNS = "component, version, step_id, checksum, desired_commit, host, direction, "
            + "applied_at, duration_ms";

    private SchemaHistory() {
    }

    static void create(Connection c, SqlEngine engine) throws SQLException {
        String rank = switch (engine) {
            case SQLITE -> "installed_rank INTEGER PRIMARY KEY AUTOINCREMENT";
            case POSTGRESQL -> "installed_rank BIGSERIAL PRIMARY KEY";
            case MARIADB -> "installed_rank BIGINT AUTO_INCREMENT PRIMARY KEY";
        };
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (" + rank + ", component VARCHAR(200) NOT NULL, "
                    + "version VARCHAR(100) NOT NULL, step_id VARCHAR(200) NOT NULL, checksum VARCHAR(100) NOT NULL, "
                    + "desired_commit VARCHAR(64), host VARCHAR(255) NOT NULL, direction VARCHAR(4) NOT NULL, "
                    + "applied_at VARCHAR(40) NOT NULL, duration_ms BIGINT NOT NULL)");
        }
    }

    /** Whether the table exists (a probe must not create it). */
    static boolean exists(Connection c) throws SQLException {
        try (ResultSet r = c.getMetaData().getTables(null, null, TABLE, null)) {
            return r.next();
        }
    }

    /** The latest row of a step, if it ever ran here. */
    static Optional<HistoryRow> latest(Connection c, String component, String version, String stepId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT installed_rank, " + COLUMNS + " FROM " + TABLE
                + " WHERE component = ? AND version = ? AND step_id = ? ORDER BY installed_rank DESC")) {
            s.setMaxRows(1);
            s.setString(1, component);
            s.setString(2, version);
            s.setString(3, stepId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** Every row, oldest first (for tests and operators). */
    static List<HistoryRow> all(Connection c) throws SQLException {
        List<HistoryRow> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT installed_rank, " + COLUMNS + " FROM " + TABLE
                     + " ORDER BY installed_rank")) {
            while (r.next()) {
                out.add(row(r));
            }
        }
        return out;
    }

    static void insert(Connection c, HistoryRow row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, row.component());
            s.setString(2, row.version());
            s.setString(3, row.stepId());
            s.setString(4, row.checksum());
            s.setString(5, row.commit().orElse(null));
            s.setString(6, row.host());
            s.setString(7, row.direction());
            s.setString(8, row.appliedAt());
            s.setLong(9, row.durationMillis());
            s.executeUpdate();
        }
    }

    /** Sets the checksum of a step's latest up row: {@code versiond repair} accepting an edited migration. */
    static int accept(Connection c, String component, String version, String stepId, String checksum)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET checksum = ? WHERE component = ? "
                + "AND version = ? AND step_id = ? AND direction = 'up' AND checksum <> ?")) {
            s.setString(1, checksum);
            s.setString(2, component);
            s.setString(3, version);
            s.setString(4, stepId);
            s.setString(5, checksum);
            return s.executeUpdate();
        }
    }

    private static HistoryRow row(ResultSet r) throws SQLException {
        return new HistoryRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                Optional.ofNullable(r.getString(6)), r.getString(7), r.getString(8), r.getString(9), r.getLong(10));
    }
}
