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

    /** Printed with {@link #printable} applied to the file, so that the line stays one {@code file:line:col}. */
    @Override
    public String toString() {
        return printable(file) + ":" + line + ":" + column;
    }

    /**
     * The text with control characters escaped ({@code \n}, {@code \r}, {@code \t}, else {@code \xNN}),
     * for line-oriented output: a file name or a value holding a newline would otherwise break a
     * diagnostic into lines a reader or a tool cannot parse. Backslashes are left as they are.
     */
    public static String printable(String text) {
        int i = 0;
        while (i < text.length() && !Character.isISOControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
