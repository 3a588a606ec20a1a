package dev.versiond.spec;

/**
 * What went wrong, coarsely, so every edge reports the same failure the same way. The edges map
 * it: the CLI to an exit code, the HTTP API to a status (each in its own package, since this
 * library is also used by tools that have neither).
 */
public enum ErrorCode {
    /** The command line or a request was wrong. Fix: see {@code --help}. */
    USAGE,
    /** The agent configuration was refused. Fix: the key named in the message. */
    CONFIG,
    /** The desired-state repository has errors. Fix: the files and lines listed. */
    SPEC_INVALID,
    /** The Git remote could not be read (network, authentication, missing ref). */
    SOURCE,
    /** The commit to apply is not trusted (signature, replay). */
    UNTRUSTED,
    /** The state directory could not be read or written. */
    STATE,
    /** Another process owns the state directory. */
    LOCKED,
    /** The plan cannot be carried out (irreversible downgrade, checksum mismatch, missing version). */
    PLAN,
    /** A step or check failed while applying. */
    STEP_FAILED,
    /** A bug: anything not foreseen. */
    INTERNAL
}
