package dev.versiond.daemon.state;

/** How a journaled step ended. {@link #word()} is what the journal stores and history shows. */
public enum StepOutcome {
    /** The step took effect (or a check passed). */
    APPLIED("applied"),
    /** The step found nothing to do (the host matched, or its guard held): it changed nothing. */
    SKIPPED("skipped"),
    /** The step or check failed: it changed nothing that is recorded. */
    FAILED("failed"),
    /** The process stopped while the step ran; set when the next process closes the pass. */
    INTERRUPTED("interrupted");

    private final String word;

    StepOutcome(String word) {
        this.word = word;
    }

    /** The stored form: {@code applied}, {@code skipped}, … */
    public String word() {
        return word;
    }

    /** Whether the step may have changed the host (it was neither skipped nor failed). */
    boolean changedHost() {
        return this != SKIPPED && this != FAILED;
    }
}
