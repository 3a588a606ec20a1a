package dev.versiond.daemon.sql;

import dev.versiond.spec.model.SqlEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * One connection to a step's database holding the database's lock for versiond: a lock that dies
 * with the connection, so a killed agent never leaves one behind.
 * <ul>
 *   <li>SQLite: the transaction is {@code BEGIN IMMEDIATE} (the write lock of the file), waited for
 *       up to the step's timeout (busy timeout);
 *   <li>PostgreSQL: {@code pg_advisory_lock} on a fixed key, session-scoped;
 *   <li>MariaDB/MySQL: {@code GET_LOCK('versiond_schema_history', timeout)}, session-scoped.
 * </ul>
 * On the transactional engines {@link #begin} opens the transaction the statements and the
 * history row share; on MariaDB each statement commits by itself.
 */
final class Session implements AutoCloseable {
    /** The advisory lock key of PostgreSQL: "versiond" in ASCII. */
    static final long PG_LOCK_KEY = 0x76657273696f6e64L;
    static final String MARIADB_LOCK = SchemaHistory.TABLE;

    private final Connection connection;
    private final SqlEngine engine;
    private final int timeoutSeconds;

    private Session(Connection connection, SqlEngine engine, int timeoutSeconds) {
        this.connection = connection;
        this.engine = engine;
        this.timeoutSeconds = timeoutSeconds;
    }

    static Session open(DatabaseEndpoint endpoint, Duration timeout) throws SQLException {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        Properties props;
        if (endpoint.engine() == SqlEngine.SQLITE) {
            SQLiteConfig config = new SQLiteConfig();
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            props = config.toProperties();
        } else {
            props = new Properties();
            endpoint.user().ifPresent(u -> props.setProperty("user", u));
            endpoint.password().ifPresent(p -> props.setProperty("password", p));
            int connect = Math.min(seconds, 60); // PostgreSQL's driver counts seconds, MariaDB's milliseconds
            props.setProperty("connectTimeout", String.valueOf(endpoint.engine() == SqlEngine.POSTGRESQL ? connect
                    : connect * 1000));
        }
        Connection c = DriverManager.getConnection(endpoint.url(), props);
        return new Session(c, endpoint.engine(), seconds);
    }

    Connection connection() {
        return connection;
    }

    SqlEngine engine() {
        return engine;
    }

    /** Takes versiond's lock of this database (SQLite: at {@link #begin}); false when it was not had in time. */
    boolean lock() throws SQLException {
        switch (engine) {
            case POSTGRESQL -> {
                try (Statement s = statement()) {
                    s.execute("SET lock_timeout = '" + timeoutSeconds + "s'");
                }
                try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    s.setQueryTimeout(timeoutSeconds);
                    s.setLong(1, PG_LOCK_KEY);
                    s.execute();
                }
                return true;
            }
            case MARIADB -> {
                try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                    s.setString(1, MARIADB_LOCK);
                    s.setInt(2, timeoutSeconds);
                    try (ResultSet r = s.executeQuery()) {
                        return r.next() && r.getInt(1) == 1;
                    }
                }
            }
            default -> {
                return true;
            }
        }
    }

    /** Opens the transaction of a step on a transactional engine; nothing on MariaDB. */
    void begin() throws SQLException {
        if (engine.transactionalDdl()) {
            // SQLite: sqlite-jdbc issues BEGIN IMMEDIATE here, taking the file's write lock under the busy timeout.
            connection.setAutoCommit(false);
        }
    }

    void commit() throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    void rollback() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // closing the connection rolls back too
        }
    }

    /** Runs one statement of a step, bounded by the step's timeout. */
    void execute(String sql) throws SQLException {
        try (Statement s = statement()) {
            s.execute(sql);
        }
    }

    /** A probe query's answer: its first column of its first row, true for true or non-zero. */
    boolean ask(String query) throws SQLException {
        try (Statement s = statement(); ResultSet r = s.executeQuery(query)) {
            if (!r.next()) {
                return false;
            }
            Object v = r.getObject(1);
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof Number n) {
                return n.longValue() != 0;
            }
            return v != null && !String.valueOf(v).isEmpty() && !"0".equals(String.valueOf(v))
                    && !"false".equalsIgnoreCase(String.valueOf(v)) && !"f".equalsIgnoreCase(String.valueOf(v));
        }
    }

    private Statement statement() throws SQLException {
        Statement s = connection.createStatement();
        s.setQueryTimeout(timeoutSeconds);
        return s;
    }

    @Override
    public void close() {
        try {
            rollback();
            connection.close(); // drops the session's advisory lock or GET_LOCK with it
        } catch (SQLException ignored) {
            // the server drops the session's locks when the connection goes
        }
    }
}
