package dev.versiond.daemon.state;

import java.util.Locale;

/**
 * Why a component is not where its target wants it, or why a commit was refused: one constant per
 * cause, beside the text for humans, so scripts, metrics, history and the fleet view can act on it
 * (Flux's condition reasons are the model). {@link #word()} is what JSON and metric labels show.
 */
public enum Reason {
    /** A version applied on this host changed in Git since. Fix: restore the migration, or {@code repair}. */
    CHECKSUM_MISMATCH(Kind.BLOCKED),
    /** The desired version failed at this commit and was rolled back. Fix: a new commit, or {@code retry}. */
    FAILED_AT_COMMIT(Kind.BLOCKED),
    /** A downgrade would cross a step without an inverse. Fix: roll forward with a new version. */
    IRREVERSIBLE(Kind.BLOCKED),
    /** A downgrade would go below a baselined version, which has no recorded steps. */
    BASELINED(Kind.BLOCKED),
    /** The desired version (or the component) is not in the repository. */
    NOT_DECLARED(Kind.BLOCKED),
    /** Two targets name the component for this host. Fix: the targets' selectors. */
    TARGET_CONFLICT(Kind.BLOCKED),
    /** A config value's secret could not be read. Fix: the secret file or variable named. */
    SECRET_MISSING(Kind.BLOCKED),
    /** A step cannot be used as declared or recorded (a template that does not render, a bad definition). */
    DEFINITION_INVALID(Kind.BLOCKED),
    /** A step names a path outside the allowed roots. */
    PATH_NOT_ALLOWED(Kind.BLOCKED),
    /** Outside the target's maintenance window; goes ahead when it opens. */
    WINDOW_CLOSED(Kind.WAITING),
    /** This host's rollout wave has not started yet for this commit. */
    WAVE_PENDING(Kind.WAITING),
    /** The earlier waves of a gated rollout have not reported enough healthy hosts on this commit yet. */
    WAVE_GATE_CLOSED(Kind.WAITING),
    /** The earlier waves failed this commit beyond the rollout's error budget. Fix: a new commit (a fix or a revert). */
    ROLLOUT_HALTED(Kind.HALTED),
    /** A component this one depends on is not at a satisfying version yet. */
    DEPENDENCY_NOT_READY(Kind.WAITING),
    /** Applying is suspended by an operator. */
    SUSPENDED(Kind.WAITING),
    /** Undoing a failed pass failed: the host is between versions. Fix: by hand, then {@code repair} or {@code retry}. */
    ROLLBACK_FAILED(Kind.DEGRADED),
    /** The version restored by a rollback or downgrade failed its verify checks. */
    RESTORED_UNHEALTHY(Kind.DEGRADED),
    /** The commit's signature is missing or not from a trusted key. */
    UNTRUSTED_SIGNATURE(Kind.UNTRUSTED),
    /** The commit does not descend from the last one applied (force-push or replay). */
    NON_DESCENDANT(Kind.UNTRUSTED),
    /** The commit is older than the agent's {@code max-commit-age}: the remote may be frozen on an old commit. */
    STALE_COMMIT(Kind.STALE),
    /**
     * This host's share of the desired state (the component folders its targets need) would not fit
     * the agent's heap: the commit is refused before it is parsed, nothing applied. Fix: split the
     * components, or give the agent a larger {@code -Xmx}.
     */
    SHARE_TOO_LARGE(Kind.REFUSED);

    /** Which kind of state a reason explains. */
    public enum Kind { BLOCKED, WAITING, DEGRADED, HALTED, UNTRUSTED, STALE, REFUSED }

    private final Kind kind;

    Reason(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The machine-readable form: {@code checksum-mismatch}, {@code window-closed}, … */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The reason a {@link #word()} stands for. */
    public static Reason ofWord(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
