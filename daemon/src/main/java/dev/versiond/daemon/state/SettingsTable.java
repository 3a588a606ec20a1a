package dev.versiond.daemon.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Small agent settings kept with the state, in {@code meta} (suspended, the source last used, the last applied commit). */
final class SettingsTable {
    private final SqliteDatabase db;

    SettingsTable(SqliteDatabase db) {
        this.db = db;
    }

    Optional<String> get(String key) throws SQLException {
        try (PreparedStatement ps = db.prepare("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void put(String key, String value) throws SQLException {
        db.exec("""
                INSERT INTO meta (key, value) VALUES (?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value""", key, value);
    }
}
