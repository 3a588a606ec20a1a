package dev.versiond.spec.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A rollback point: before the steps after it run, captures host paths and databases into the
 * agent's state directory; its inverse restores them exactly (on a rollback, and on a later
 * downgrade that reverses this version step by step).
 *
 * @param paths absolute, normalised host paths (directories or files), copied with ownership, modes,
 *     timestamps, symbolic links and hard links kept; a path that does not exist is restored as absent
 * @param databases databases captured through their own backup mechanism
 * @param keep how many snapshots of the component are kept (the oldest beyond it are removed)
 * @param maxSize the largest capture allowed, in bytes; empty: limited only by free space
 */
public record SnapshotStep(StepCommon common, List<String> paths, List<Database> databases, int keep,
                           Optional<Long> maxSize) implements Step {
    public SnapshotStep {
        Objects.requireNonNull(common, "common");
        paths = List.copyOf(paths);
        databases = List.copyOf(databases);
        Objects.requireNonNull(maxSize, "maxSize");
        if (paths.isEmpty() && databases.isEmpty()) {
            throw new IllegalArgumentException("a snapshot step captures at least one path or database");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1: " + keep);
        }
        if (maxSize.isPresent() && maxSize.get() < 1) {
            throw new IllegalArgumentException("maxSize must be positive: " + maxSize.get());
        }
    }

    /** How a database is captured and loaded back. */
    public enum Engine {
        /** A database file on the host, copied with SQLite's online backup API. */
        SQLITE("sqlite"),
        /** A dump made with {@code pg_dump}, loaded with {@code psql}. */
        POSTGRES("postgres"),
        /** A dump made with {@code mariadb-dump}, loaded with {@code mariadb}. */
        MARIADB("mariadb");

        private final String word;

        Engine(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        public static Optional<Engine> fromWord(String word) {
            for (Engine e : values()) {
                if (e.word.equals(word)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One database of a snapshot.
     *
     * @param target for SQLite an absolute host path of the database file; otherwise the name of a
     *     database in the agent's databases file (its URL, user and password, as sql steps use them), or
     *     a URL without a password ({@code postgresql://user@host:port/db}, {@code mariadb://user@host:port/db})
     *     whose password the tools read from their own files ({@code ~/.pgpass}, {@code ~/.my.cnf})
     */
    public record Database(Engine engine, String target) {
        public Database {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(target, "target");
        }
    }

    @Override
    public String kind() {
        return "snapshot";
    }

    @Override
    public boolean hasInverse() {
        return !common.irreversible();
    }

    /** The databases of one engine, in the order written. */
    public List<String> targets(Engine engine) {
        return databases.stream().filter(d -> d.engine() == engine).map(Database::target).toList();
    }

    @Override
    public Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paths", new ArrayList<Object>(paths));
        for (Engine e : Engine.values()) {
            List<String> targets = targets(e);
            if (!targets.isEmpty()) {
                m.put(e.word(), new ArrayList<Object>(targets));
            }
        }
        m.put("keep", keep);
        maxSize.ifPresent(s -> m.put("maxSize", s));
        return m;
    }

    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.SNAPSHOT_TIMEOUT);
    }

    /**
     * The preflight check this step adds by itself: enough free space in the state directory for
     * the capture (and no more than {@code maxSize}), checked before anything of the pass changes.
     * Its id is this step's id with {@code .space} appended.
     */
    public CheckStep spaceCheck() {
        StepCommon c = new StepCommon(common.id() + ".space", Optional.of("free space for snapshot " + common.id()),
                Optional.empty(), 0, false, common.position());
        return new CheckStep(c, new Probe.Space(paths, targets(Engine.SQLITE), maxSize), Defaults.CHECK_INTERVAL,
                Duration.ZERO);
    }
}
