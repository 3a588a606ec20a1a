package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * How one reconcile pass ended. Built by the static factories; exactly one boundary in the
 * reconciler turns exceptions into {@link #failed} outcomes.
 */
public sealed interface PassOutcome {

    /** One word for logs, metrics ({@code result} tag) and history. */
    String result();

    /** For humans. */
    String summary();

    /** Whether the host is where the desired state says it should be (or the pass changed nothing and nothing is pending). */
    default boolean converged() {
        return false;
    }

    /**
     * Whether the pass ended as it should: nothing to do, applied, or held back. A rollback, a
     * degraded host, a stop before the end and a failure are not successes (metrics, status).
     */
    default boolean succeeded() {
        return this instanceof NoChange || this instanceof Applied || this instanceof Waiting;
    }

    /** The history id of the pass, when one was recorded. */
    Optional<Long> passId();

    /** Nothing to do: the host matches the desired state. */
    record NoChange(Optional<Long> passId, String summary) implements PassOutcome {
        public String result() {
            return "no_change";
        }

        public boolean converged() {
            return true;
        }
    }

    /** Changes were applied and verified. */
    record Applied(Optional<Long> passId, String summary, int steps) implements PassOutcome {
        public String result() {
            return "applied";
        }

        public boolean converged() {
            return true;
        }
    }

    /** Changes are pending but held back (window, wave, suspended, blocked, dependency). */
    record Waiting(Optional<Long> passId, String summary) implements PassOutcome {
        public String result() {
            return "waiting";
        }
    }

    /** A step or check failed and the pass's changes were reversed. */
    record RolledBack(Optional<Long> passId, String summary) implements PassOutcome {
        public String result() {
            return "rolled_back";
        }
    }

    /**
     * A step or check failed and the pass's changes were reversed, but the host is not healthy: an
     * undo failed (the host is between versions), or the restored version failed its verify checks.
     * Needs an operator; nothing is retried on its own.
     */
    record Degraded(Optional<Long> passId, String summary) implements PassOutcome {
        public String result() {
            return "degraded";
        }
    }

    /**
     * The pass was cut short by a stop request after a step; the next pass resumes it from the
     * journal. Not a failure of the host or the agent.
     */
    record Interrupted(Optional<Long> passId, String summary) implements PassOutcome {
        public String result() {
            return "interrupted";
        }
    }

    /**
     * The pass failed (remote, spec, trust, the state store); nothing or not everything was done.
     *
     * @param code what failed; {@link ErrorCode#SOURCE} (the remote could not be read) makes the scheduler back off
     * @param reason the typed reason, when the failure has one ({@link Reason#SHARE_TOO_LARGE})
     */
    record Failed(Optional<Long> passId, String summary, ErrorCode code, Optional<Reason> reason) implements PassOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        /** A failure without a typed reason. */
        public Failed(Optional<Long> passId, String summary, ErrorCode code) {
            this(passId, summary, code, Optional.empty());
        }

        /** A failure of unknown cause ({@link ErrorCode#INTERNAL}). */
        public Failed(Optional<Long> passId, String summary) {
            this(passId, summary, ErrorCode.INTERNAL);
        }

        public String result() {
            return "failed";
        }
    }

    static PassOutcome noChange(Optional<Long> passId, String summary) {
        return new NoChange(passId, summary);
    }

    static PassOutcome applied(Optional<Long> passId, String summary, int steps) {
        return new Applied(passId, summary, steps);
    }

    static PassOutcome waiting(Optional<Long> passId, String summary) {
        return new Waiting(passId, summary);
    }

    static PassOutcome rolledBack(Optional<Long> passId, String summary) {
        return new RolledBack(passId, summary);
    }

    static PassOutcome degraded(Optional<Long> passId, String summary) {
        return new Degraded(passId, summary);
    }

    static PassOutcome interrupted(Optional<Long> passId, String summary) {
        return new Interrupted(passId, summary);
    }

    static PassOutcome failed(Optional<Long> passId, String summary) {
        return new Failed(passId, summary);
    }

    static PassOutcome failed(Optional<Long> passId, String summary, ErrorCode code) {
        return new Failed(passId, summary, code);
    }

    static PassOutcome failed(Optional<Long> passId, String summary, ErrorCode code, Reason reason) {
        return new Failed(passId, summary, code, Optional.of(reason));
    }
}
