package dev.versiond.spec.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The database products a {@code sql} step runs against, and what each guarantees. A step's
 * engine is known from its database: a host path is SQLite; a named database's JDBC URL says its
 * product ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}); a step may also
 * declare it ({@code engine:}) so that {@code validate} can check it without the agent's config.
 */
public enum SqlEngine {
    /** Transactional DDL: statements and history row commit together. */
    SQLITE("sqlite", true),
    /** Transactional DDL: statements and history row commit together. */
    POSTGRESQL("postgresql", true),
    /** DDL commits implicitly: one statement per step, intent journaled first, recovery by history row and probe. */
    MARIADB("mariadb", false);

    private final String word;
    private final boolean transactionalDdl;

    SqlEngine(String word, boolean transactionalDdl) {
        this.word = word;
        this.transactionalDdl = transactionalDdl;
    }

    public String word() {
        return word;
    }

    /** Whether DDL runs inside a transaction, so a step and its history row commit as one. */
    public boolean transactionalDdl() {
        return transactionalDdl;
    }

    /** The words {@code engine:} accepts ({@code mysql} is read as MariaDB: same protocol, same guarantee). */
    public static List<String> words() {
        return List.of("sqlite", "postgresql", "mariadb", "mysql");
    }

    public static Optional<SqlEngine> fromWord(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.equals("mysql")) {
            return Optional.of(MARIADB);
        }
        return Arrays.stream(values()).filter(e -> e.word.equals(w)).findFirst();
    }

    /** The engine a JDBC URL names, if versiond ships its driver. */
    public static Optional<SqlEngine> ofUrl(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlite:")) {
            return Optional.of(SQLITE);
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return Optional.of(POSTGRESQL);
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return Optional.of(MARIADB);
        }
        return Optional.empty();
    }
}
