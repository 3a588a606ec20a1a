package dev.versiond.spec.validate;

import java.util.Optional;

/**
 * Host paths in steps ({@code path}, {@code creates}, {@code cwd}) must be absolute and normalised,
 * and hold no control character.
 */
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
        int control = firstControlCharacter(path);
        if (control >= 0) {
            return Optional.of("host path '" + path + "' must not contain control characters ("
                    + describeControl(path, control) + ")");
        }
        if (path.contains("//")) {
            return Optional.of("host path '" + path + "' must be normalised (no '//')");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            return Optional.of("host path '" + path + "' must be normalised (no trailing '/')");
        }
        String dots = firstDotSegment(path);
        if (dots != null) {
            return Optional.of("host path '" + path + "' must be normalised (no '" + dots + "' segments)");
        }
        return Optional.empty();
    }

    /** The index of the first control character (U+0000..U+001F, U+007F..U+009F), or -1. */
    public static int firstControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Names a control character for messages: "U+000A at character 7". */
    public static String describeControl(String text, int index) {
        return String.format("U+%04X at character %d", (int) text.charAt(index), index + 1);
    }

    /** The first '.' or '..' segment of a path split at '/', or null (without splitting: this runs for every path). */
    private static String firstDotSegment(String path) {
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if ((length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(end - 1) == '.') {
                return length == 1 ? "." : "..";
            }
            start = end + 1;
        }
        return null;
    }
}
