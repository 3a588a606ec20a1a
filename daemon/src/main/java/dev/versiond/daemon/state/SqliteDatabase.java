package dev.versiond.daemon.state;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The one connection to {@code state.db} that every table group of {@link SqliteStateStore} writes
 * through, and its transactions. Not thread-safe on its own: the store's methods, synchronized on the
 * store, are its only callers, so the depth of nested {@link #transaction}s is the store's too and
 * {@link SqliteStateStore#atomically} can join calls to several table groups into one transaction.
 */
final class SqliteDatabase implements AutoCloseable {
    private final Connection db;
    private final Clock clock;

    /** How many {@link #transaction}s are open: an inner one joins the outer one. */
    private int depth;

    private SqliteDatabase(Connection db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Opens (creating if needed) a database for writing, migrated to the latest schema. */
    static SqliteDatabase openMigrated(Path file, Clock clock) throws SQLException {
        Connection db = connect(file, false);
        migrate(db);
        return new SqliteDatabase(db, clock);
    }

    /** Opens a database for reading only; refuses one whose schema is newer than this versiond's. */
    static SqliteDatabase openReadOnly(Path file, Clock clock) throws SQLException {
        Connection db = connect(file, true);
        int version = userVersion(db);
        if (version > Schema.latest()) {
            throw new VersiondException(ErrorCode.STATE, file + " has schema " + version
                    + ", newer than this versiond understands (" + Schema.latest() + ")");
        }
        return new SqliteDatabase(db, clock);
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

    /** The one place a {@link SQLException} becomes the store's error. */
    static VersiondException failure(String what, Exception e) {
        return new VersiondException(ErrorCode.STATE, what + ": " + e.getMessage(), e);
    }

    /** The time a row is stamped with. */
    String now() {
        return clock.instant().toString();
    }

    PreparedStatement prepare(String sql) throws SQLException {
        return db.prepareStatement(sql);
    }

    /** A statement whose {@link #generatedKey} is the id of the row it inserts. */
    PreparedStatement prepareInsert(String sql) throws SQLException {
        return db.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
    }

    Statement statement() throws SQLException {
        return db.createStatement();
    }

    static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no id generated");
            }
            return keys.getLong(1);
        }
    }

    interface SqlWork {
        void run() throws SQLException;
    }

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, or as part of the one already open: all of it is
     * committed, or none.
     */
    void transaction(String what, SqlWork work) {
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
                try {
                    db.rollback();
                } catch (SQLException again) {
                    // SQLite may have rolled back already (a full disk): keep the cause, not the echo.
                    e.addSuppressed(again);
                }
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

    /**
     * Runs {@code work} without a transaction of its own (each statement commits by itself, or joins
     * the transaction that is open); a failure is named by {@code what}.
     */
    <T> T call(String what, SqlCall<T> work) {
        try {
            return work.call();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** {@link #call} for work that returns nothing. */
    void run(String what, SqlWork work) {
        try {
            work.run();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** One statement; returns how many rows it changed. */
    int exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure("cannot close state database", e);
        }
    }
}
