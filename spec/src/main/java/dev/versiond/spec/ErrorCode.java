package dev.versiond.spec;

/**
 * What went wrong, coarsely: each code maps to a process exit code for the CLI and an HTTP status
 * for the API, so every edge reports the same failure the same way.
 */
public enum ErrorCode {
    /** The command line was wrong. Fix: see {@code --help}. */
    USAGE(2, 400),
    /** The agent configuration was refused. Fix: the key named in the message. */
    CONFIG(2, 400),
    /** The desired-state repository has errors. Fix: the files and lines listed. */
    SPEC_INVALID(1, 422),
    /** The Git remote could not be read (network, authentication, missing ref). */
    SOURCE(1, 502),
    /** The commit to apply is not trusted (signature, replay). */
    UNTRUSTED(1, 403),
    /** The state directory could not be read or written. */
    STATE(1, 500),
    /** Another process owns the state directory. */
    LOCKED(1, 409),
    /** The plan cannot be carried out (irreversible downgrade, checksum mismatch, missing version). */
    PLAN(1, 409),
    /** A step or check failed while applying. */
    STEP_FAILED(1, 500),
    /** A request lacked the bearer token. */
    UNAUTHORIZED(1, 401),
    /** A bug: anything not foreseen. */
    INTERNAL(1, 500);

    private final int exitCode;
    private final int httpStatus;

    ErrorCode(int exitCode, int httpStatus) {
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
