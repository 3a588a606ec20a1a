package dev.versiond.daemon.plan;

import java.util.Locale;

/** What the plan does with a component. */
public enum Action {
    /** Recorded equals desired, config files match, no drift to heal. */
    NONE,
    /** Up through every declared version in (recorded, desired]. */
    UPGRADE,
    /** Down through every applied version in (desired, recorded], newest first. */
    DOWNGRADE,
    /** Same version; config files or drift to converge. */
    CONVERGE,
    /** Work is pending but held back: maintenance window, rollout wave, or a dependency not yet met. */
    WAITING,
    /** Work is refused until something changes: a failed revision, a checksum mismatch, an irreversible step. */
    BLOCKED,
    /**
     * Refused because the host is not healthy: the rollback of a failed pass failed, or the version it
     * restored failed its verify checks. Needs an operator.
     */
    DEGRADED,
    /** Recorded on this host but named by no target: left alone (versiond never removes software by omission). */
    UNMANAGED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
