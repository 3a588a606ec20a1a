package dev.versiond.daemon.sql;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.secret.ResolvedConfig;
import dev.versiond.daemon.secret.Secrets;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.SqlEngine;
import dev.versiond.spec.model.SqlStep;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The databases this agent knows by name, read from the file the agent config's
 * {@code databases-file} names:
 * <pre>
 * cms:
 *   url: jdbc:postgresql://db.internal:5432/cms
 *   user: cms
 *   password: {secretFile: cms-db-password}   # or {secretEnv: CMS_DB_PASSWORD}
 * </pre>
 * Values may be secret references, resolved like a target's config ({@link Secrets}); the resolved
 * values feed the {@link #redactor}. A step whose database is a host path needs no entry: it is a
 * SQLite file under the host root, confined like every other host path.
 */
public final class Databases {
    private static final Set<String> KEYS = Set.of("url", "user", "password");

    private final Map<String, DatabaseEndpoint> named;
    private final Redactor redactor;

    private Databases(Map<String, DatabaseEndpoint> named, Redactor redactor) {
        this.named = Map.copyOf(named);
        this.redactor = redactor;
    }

    /** No named databases: only SQLite files on the host. */
    public static Databases none() {
        return new Databases(Map.of(), Redactor.none());
    }

    /** Named databases, as a test or the loader builds them. */
    public static Databases of(List<DatabaseEndpoint> endpoints) {
        Map<String, DatabaseEndpoint> byName = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        for (DatabaseEndpoint e : endpoints) {
            byName.put(e.name(), e);
            e.password().ifPresent(secrets::add);
        }
        return new Databases(byName, Redactor.of(secrets));
    }

    /**
     * Reads the databases file.
     *
     * @throws VersiondException ({@link ErrorCode#CONFIG}) naming the file and the bad key, never a value
     */
    public static Databases load(Path file, Secrets secrets) {
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).load(reader);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.CONFIG, "databases file " + file + ": cannot read it: " + IoReason.of(e), e);
        } catch (YAMLException e) {
            throw new VersiondException(ErrorCode.CONFIG, "databases file " + file + ": not valid YAML", e);
        }
        if (root == null) {
            return none();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new VersiondException(ErrorCode.CONFIG, "databases file " + file
                    + ": expected a mapping of database names to {url, user, password}");
        }
        Map<String, Object> raw = new TreeMap<>();
        map.forEach((k, v) -> raw.put(String.valueOf(k), v));
        ResolvedConfig resolved = secrets.resolve(raw);
        List<String> problems = new ArrayList<>(resolved.problems());
        List<DatabaseEndpoint> endpoints = new ArrayList<>();
        resolved.config().forEach((name, value) -> endpoint(name, value, problems).ifPresent(endpoints::add));
        if (!problems.isEmpty()) {
            throw new VersiondException(ErrorCode.CONFIG, "databases file " + file + " refused:\n  "
                    + String.join("\n  ", problems));
        }
        Databases out = of(endpoints);
        return new Databases(out.named, out.redactor.and(resolved.redactor()));
    }

    private static Optional<DatabaseEndpoint> endpoint(String name, Object value, List<String> problems) {
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            problems.add(name + ": not a database name (lower-case letters, digits, '_' and '-')");
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> fields)) {
            problems.add(name + ": expected a mapping with url, user, password");
            return Optional.empty();
        }
        for (Object key : fields.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                problems.add(name + "." + key + ": unknown key (expected url, user, password)");
            }
        }
        Object url = fields.get("url");
        if (!(url instanceof String u) || u.isBlank()) {
            problems.add(name + ".url: required, a JDBC URL (jdbc:postgresql://..., jdbc:mariadb://..., jdbc:sqlite:...)");
            return Optional.empty();
        }
        Optional<SqlEngine> engine = SqlEngine.ofUrl(u);
        if (engine.isEmpty()) {
            problems.add(name + ".url: '" + DatabaseEndpoint.mask(u) + "' is not a JDBC URL of a shipped driver "
                    + "(jdbc:sqlite:, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:)");
            return Optional.empty();
        }
        return Optional.of(new DatabaseEndpoint(name, engine.get(), u,
                Optional.ofNullable(fields.get("user")).map(String::valueOf),
                Optional.ofNullable(fields.get("password")).map(String::valueOf)));
    }

    /** The passwords of the named databases, to mask wherever text leaves the agent. */
    public Redactor redactor() {
        return redactor;
    }

    /** The database this agent knows by {@code name}, for what else connects to it (a snapshot's dump). */
    public Optional<DatabaseEndpoint> named(String name) {
        return Optional.ofNullable(named.get(name));
    }

    /** The names this agent knows, sorted, for an error that says which there are. */
    public List<String> names() {
        return List.copyOf(new TreeMap<>(named).keySet());
    }

    /** Whether a step's database is reachable: a SQLite file on the host, or a name this agent knows. */
    public boolean knows(SqlStep step) {
        return step.isHostFile() || named.containsKey(step.database());
    }

    /**
     * Where a step connects: its host path as a SQLite file under the root (confined and checked
     * against the allowed roots by {@link HostRoot#resolve}), or its named database.
     *
     * @throws VersiondException ({@link ErrorCode#PLAN}) for a name the config does not know, or a
     *     declared engine the URL contradicts
     */
    public DatabaseEndpoint endpoint(SqlStep step, HostRoot root) {
        if (step.isHostFile()) {
            Path file = root.resolve(step.database());
            return new DatabaseEndpoint(step.database(), SqlEngine.SQLITE, "jdbc:sqlite:" + file, Optional.empty(),
                    Optional.empty());
        }
        DatabaseEndpoint e = named.get(step.database());
        if (e == null) {
            throw new VersiondException(ErrorCode.PLAN, "step '" + step.id() + "' names database '" + step.database()
                    + "', which the agent does not know: add it to the databases file (databases-file in the agent "
                    + "config)" + (named.isEmpty() ? "" : "; known: " + String.join(", ", new TreeMap<>(named).keySet())));
        }
        if (step.engine().isPresent() && step.engine().get() != e.engine()) {
            throw new VersiondException(ErrorCode.PLAN, "step '" + step.id() + "' declares engine "
                    + step.engine().get().word() + ", but database '" + e.name() + "' is " + e.engine().word()
                    + " (" + e.displayUrl() + ")");
        }
        return e;
    }
}
