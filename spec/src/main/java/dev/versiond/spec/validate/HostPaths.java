package dev.versiond.spec.validate;

import java.util.Optional;

/** Host paths in steps ({@code path}, {@code creates}, {@code cwd}) must be absolute and normalised. */
public final class HostPaths {
    private HostPaths() {
    }

    /** Why {@code path} is not an absolute, normalised host path, or empty when it is one. */
    public static Optional<String> problem(String path) {
        if (path.isEmpty()) {
            return Optional.of("a host path must not be empty");
        }
        if (!path.startsWith("/")) {
            return Optional.of("host path '" + path + "' must be absolute (start with '/')");
        }
        if (path.indexOf('\0') >= 0) {
            return Optional.of("host path '" + path + "' contains a NUL character");
        }
        if (path.contains("//")) {
            return Optional.of("host path '" + path + "' must be normalised (no '//')");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            return Optional.of("host path '" + path + "' must be normalised (no trailing '/')");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("host path '" + path + "' must be normalised (no '" + segment + "' segments)");
            }
        }
        return Optional.empty();
    }
}
