package dev.versiond.daemon.reconcile;

import java.util.Locale;

/**
 * The parts of one reconcile pass, in the order they run, each timed ({@link PhaseTimes}) so an
 * operator can see where a slow pass goes.
 */
public enum PassPhase {
    /** Asking the remote where the configured ref points (one round trip, or a read on disk). */
    LS_REMOTE,
    /** Fetching the commit, only when the ref moved. */
    FETCH,
    /** Checking the commit's signatures and that it descends from the last one applied. */
    VERIFY,
    /** Listing the commit's tree, parsing and validating the desired state. */
    LOAD,
    /** Resolving secrets, observing the host and planning. */
    PLAN,
    /** Running the plan's steps (or finishing a rollback left open). */
    EXECUTE,
    /** Reading back what the steps recorded and planning the host as they left it, for status. */
    RECORD;

    /** {@code ls-remote}, {@code fetch}, …: the label of the metric and the key in history. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
