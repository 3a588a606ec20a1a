package dev.versiond.daemon.state;

/**
 * Where in a pass a journaled step ran. {@link #word()} is what the journal stores and history shows;
 * it is the word of the planner's step phase of the same name, which the engine maps to this one
 * (the state store knows nothing of plans).
 */
public enum JournalPhase {
    /** A migration's preflight check, before anything changes. */
    PREFLIGHT("preflight"),
    /** A migration's up step; kept as pending until its version is recorded. */
    UP("up"),
    /** Reversing a version; a finished one is marked reversed so a re-planned downgrade skips it. */
    DOWN("down"),
    /** Reversing a pending step of a version the plan no longer goes through. */
    CLEANUP("cleanup"),
    /** A verify check. */
    VERIFY("verify"),
    /** Rewriting a convergent config file. */
    CONVERGE("converge"),
    /** A step run because a config file changed. */
    ON_CHANGE("on-change"),
    /** Re-applying a recorded step whose file or link drifted. */
    HEAL("heal"),
    /** Carrying out one undo-log entry. */
    ROLLBACK("rollback");

    private final String word;

    JournalPhase(String word) {
        this.word = word;
    }

    /** The stored form: {@code up}, {@code on-change}, … */
    public String word() {
        return word;
    }

    /** The phase a stored {@link #word()} stands for. */
    public static JournalPhase of(String word) {
        for (JournalPhase p : values()) {
            if (p.word.equals(word)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown journal phase '" + word + "'");
    }
}
