package dev.versiond.daemon.sql;

import dev.versiond.spec.model.SqlEngine;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a {@code sql} step connects: a JDBC URL and its credentials. {@link #toString} and
 * {@link #displayUrl} never show the password, not even one written into the URL.
 *
 * @param name how steps name it ({@code database: cms}), or the host path of a SQLite file
 */
public record DatabaseEndpoint(String name, SqlEngine engine, String url, Optional<String> user,
                               Optional<String> password) {
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]*):[^/@?]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");

    public DatabaseEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The URL with any password in it (user info, a {@code password=} parameter) masked. */
    public String displayUrl() {
        return mask(url);
    }

    /** A JDBC URL with its passwords masked. */
    static String mask(String url) {
        String out = USER_INFO.matcher(url).replaceAll("$1:" + MASK + "@");
        return PASSWORD_PARAMETER.matcher(out).replaceAll("$1" + MASK);
    }

    private static final String MASK = dev.versiond.daemon.secret.Redactor.MASK;

    @Override
    public String toString() {
        return "database " + name + " (" + displayUrl() + ")";
    }
}
