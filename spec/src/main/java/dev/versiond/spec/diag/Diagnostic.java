package dev.versiond.spec.diag;

import dev.versiond.spec.model.Position;
import java.util.Objects;

/**
 * One problem found in the desired state, printed as {@code path:line:col: error|warning: message}.
 *
 * @param severity error or warning
 * @param position where in which file (1-based line and column)
 * @param message what is wrong and what was expected, naming the bad key or value
 */
public record Diagnostic(Severity severity, Position position, String message) {
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(Position position, String message) {
        return new Diagnostic(Severity.ERROR, position, message);
    }

    public static Diagnostic warning(Position position, String message) {
        return new Diagnostic(Severity.WARNING, position, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line: the file and the message with control characters escaped ({@link Position#printable}). */
    @Override
    public String toString() {
        return position + ": " + severity.label() + ": " + Position.printable(message);
    }
}
