package dev.versiond.spec.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Run SQL against a database, recorded in the database's own {@code versiond_schema_history}
 * table so that the database says whether the step happened (and which host ran it).
 *
 * @param database an absolute host path (a SQLite file) or the name of a database in the agent's
 *     config ({@code databases:})
 * @param engine the engine declared in the spec, if any; otherwise known from the database
 * @param sql the statements (inline, or the text of {@code file})
 * @param file the repository path the SQL was read from, when it came from a file
 * @param down the inverse statements
 * @param probe a query whose first column says (true/non-zero) whether the step's effect is there;
 *     used on MariaDB when no history row tells
 */
public record SqlStep(StepCommon common, String database, Optional<SqlEngine> engine, String sql,
                      Optional<String> file, Optional<String> down, Optional<String> probe) implements Step {
    public SqlStep {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(probe, "probe");
    }

    /** Whether the database is a SQLite file on the host rather than a named database. */
    public boolean isHostFile() {
        return database.startsWith("/");
    }

    @Override
    public String kind() {
        return "sql";
    }

    @Override
    public boolean hasInverse() {
        return !common.irreversible() && down.isPresent();
    }

    /** The SQL text itself is part of the definition, so editing a migration file changes the checksum. */
    @Override
    public Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", database);
        engine.ifPresent(e -> m.put("engine", e.word()));
        m.put("up", sql);
        down.ifPresent(d -> m.put("down", d));
        probe.ifPresent(p -> m.put("probe", p));
        return m;
    }

    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.SQL_TIMEOUT);
    }
}
