package dev.versiond.daemon.state;

/**
 * How a pass in the history ended. {@link #word()} is what the history stores and shows. Passes
 * that change nothing are not written, so there is no "no change" result here.
 */
public enum PassResult {
    /** Open: written by {@link StateStore#beginPass}; a pass found so by the next process is interrupted. */
    RUNNING("running"),
    /** Its changes were applied and verified (also an operator's baseline or repair). */
    APPLIED("applied"),
    /** A step or check failed and the host is back where the pass chain began. */
    ROLLED_BACK("rolled_back"),
    /** Rolled back, but an undo failed or the restored version is unhealthy: needs an operator. */
    DEGRADED("degraded"),
    /** Cut short (a crash, a stop, a state store that failed); the next pass resumes its chain. */
    INTERRUPTED("interrupted"),
    /** Written by earlier versions of versiond when an undo failed (now {@link #DEGRADED}); still read back in history. */
    FAILED("failed");

    private final String word;

    PassResult(String word) {
        this.word = word;
    }

    /** The stored form: {@code applied}, {@code rolled_back}, … */
    public String word() {
        return word;
    }
}
