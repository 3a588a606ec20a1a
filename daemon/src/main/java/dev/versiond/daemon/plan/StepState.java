package dev.versiond.daemon.plan;

import java.util.Locale;

/** A step as the plan sees it: the join of what Git declares and what the host recorded. */
public enum StepState {
    /** Declared and not yet applied (or to be reversed): the plan will run it. */
    PENDING,
    /** Applied, and Git still declares it with the same checksum. */
    APPLIED,
    /** Applied, and Git no longer declares it: reversed from the recorded definition when downgrading. */
    MISSING_IN_GIT;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
