package dev.versiond.daemon.snapshot;

import dev.versiond.daemon.sql.DatabaseEndpoint;
import dev.versiond.daemon.sql.Databases;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.SqlEngine;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a dump of a PostgreSQL or MariaDB database connects: read from the snapshot's URL
 * ({@code postgresql://user@host:port/db}, no password: the tools read theirs from {@code ~/.pgpass},
 * {@code ~/.my.cnf}), or from the JDBC URL, user and password of a database the agent's databases file
 * names. The password only ever goes to the tool's environment, never into its arguments (which
 * {@code /proc/PID/cmdline} shows every user) nor into {@link #toString} or {@link #display}.
 *
 * @param display how messages name it: the snapshot's URL, or the named database with its URL masked
 * @param schema PostgreSQL: the one schema whose tables (with their sequences and indexes) are dumped and
 *     restored (a JDBC URL's {@code currentSchema}), if any; otherwise the whole database
 */
record DumpTarget(SnapshotStep.Engine engine, String display, String host, OptionalInt port, String database,
                  Optional<String> user, Optional<String> password, Optional<String> schema) {
    DumpTarget {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
    }

    /**
     * The target of one database of a snapshot step.
     *
     * @throws IOException naming the database when the agent does not know the name, or its engine differs
     */
    static DumpTarget of(SnapshotStep.Database db, Databases databases) throws IOException {
        if (db.target().contains("://")) {
            return ofUrl(db.engine(), db.target());
        }
        DatabaseEndpoint e = databases.named(db.target()).orElseThrow(() -> new IOException("snapshot of "
                + db.engine().word() + " database '" + db.target() + "': the agent does not know it; add it to the "
                + "databases file (databases-file in the agent config)"
                + (databases.names().isEmpty() ? "" : "; known: " + String.join(", ", databases.names()))));
        SqlEngine expected = db.engine() == SnapshotStep.Engine.POSTGRES ? SqlEngine.POSTGRESQL : SqlEngine.MARIADB;
        if (e.engine() != expected) {
            throw new IOException("snapshot lists '" + db.target() + "' under " + db.engine().word() + ", but " + e
                    + " is " + e.engine().word());
        }
        return ofJdbc(db.engine(), e);
    }

    @Override
    public String toString() {
        return display;
    }

    private static DumpTarget ofUrl(SnapshotStep.Engine engine, String url) {
        URI u = URI.create(url);
        return new DumpTarget(engine, url, u.getHost(), port(u), u.getPath().substring(1),
                Optional.ofNullable(u.getUserInfo()), Optional.empty(), Optional.empty());
    }

    private static DumpTarget ofJdbc(SnapshotStep.Engine engine, DatabaseEndpoint e) throws IOException {
        String url = e.url().substring("jdbc:".length());
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException ex) {
            throw new IOException(e + ": not a URL the dump tools can use", ex);
        }
        if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
            throw new IOException(e + ": a snapshot needs a JDBC URL with one host and a database "
                    + "(jdbc:postgresql://host:port/db, jdbc:mariadb://host:port/db)");
        }
        Map<String, String> query = query(u.getRawQuery());
        Optional<String> user = e.user().or(() -> Optional.ofNullable(query.get("user")));
        Optional<String> password = e.password().or(() -> Optional.ofNullable(query.get("password")));
        Optional<String> schema = engine == SnapshotStep.Engine.POSTGRES
                ? Optional.ofNullable(query.get("currentSchema")) : Optional.empty();
        return new DumpTarget(engine, e.toString(), u.getHost(), port(u), u.getPath().substring(1), user, password,
                schema);
    }

    private static OptionalInt port(URI u) {
        return u.getPort() > 0 ? OptionalInt.of(u.getPort()) : OptionalInt.empty();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
