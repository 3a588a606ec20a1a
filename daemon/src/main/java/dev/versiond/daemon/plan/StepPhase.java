package dev.versiond.daemon.plan;

import java.util.Locale;

/** Where in a pass a step runs; the lower-case name is what the journal and history show. */
public enum StepPhase {
    /** A migration's preflight check, before anything changes. */
    PREFLIGHT,
    /** A migration's up step. */
    UP,
    /** Reversing a version (its explicit down steps or the inverses of its up steps). */
    DOWN,
    /** Reversing a step an interrupted pass left on the host, of a version this plan does not go through. */
    CLEANUP,
    /** A migration's verify check, after its version is applied. */
    VERIFY,
    /** A convergent config file (rewritten because Git changed it, or, when corrective, because the host did). */
    CONVERGE,
    /** A step run because a config file changed. */
    ON_CHANGE,
    /** Re-applying the recorded step that wrote a managed file or link that drifted (selfHeal). */
    HEAL,
    /** Undoing this pass's work after a failure. */
    ROLLBACK;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
