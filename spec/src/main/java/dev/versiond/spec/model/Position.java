package dev.versiond.spec.model;

import java.util.Objects;

/**
 * A place in a file of the desired-state repository, 1-based, printed as {@code file:line:col}.
 *
 * @param file path relative to the repository root
 * @param line 1-based line
 * @param column 1-based column
 */
public record Position(String file, int line, int column) {
    public Position {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    /** The start of a file, for problems that concern the file as a whole. */
    public static Position startOf(String file) {
        return new Position(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
