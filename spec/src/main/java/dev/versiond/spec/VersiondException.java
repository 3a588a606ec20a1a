package dev.versiond.spec;

import java.util.Objects;

/**
 * The one unchecked exception of versiond. It carries an {@link ErrorCode} that the CLI turns into
 * an exit code and the HTTP API into a status. Checked exceptions from libraries (JGit, JDBC, I/O)
 * are wrapped into it once, in the package that talks to that library.
 */
public class VersiondException extends RuntimeException {
    private final ErrorCode code;

    public VersiondException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public VersiondException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }
}
