package dev.versiond.daemon.plan;

import java.util.Locale;

/** A step as the plan sees it: the join of what Git declares and what the host recorded. */
public enum StepState {
    /** Declared and not yet applied (or to be reversed): the plan will run it. */
    PENDING,
    /** Applied, and Git still declares it with the same checksum. */
    APPLIED,
    /**
     * Applied, but Git now declares it differently (the checksum differs): the component is blocked.
     * Fix: restore the migration file as it was, or run {@code versiond repair} to accept the new definition.
     */
    CHANGED_IN_GIT,
    /** Applied, and Git no longer declares it: reversed from the recorded definition when downgrading. */
    MISSING_IN_GIT,
    /** Applied with no inverse: a downgrade across it is refused. Fix: roll forward instead. */
    IRREVERSIBLE;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
