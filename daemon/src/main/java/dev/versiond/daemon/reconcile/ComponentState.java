package dev.versiond.daemon.reconcile;

/** Where a component stands on this host, as shown in status and metrics. */
public enum ComponentState {
    /** Recorded version equals desired and config files match. */
    SYNCED("Synced"),
    /** Desired differs from recorded; a pass will change it. */
    OUT_OF_SYNC("OutOfSync"),
    /** A pass is changing it now. */
    PROGRESSING("Progressing"),
    /** The last pass failed and could not roll it back cleanly (a failing down step): needs an operator. */
    DEGRADED("Degraded"),
    /** Not applied: a failed revision not to be retried, a checksum mismatch, an irreversible downgrade, an unmet dependency. */
    BLOCKED("Blocked"),
    /** Out of sync but held back: outside its maintenance window, not yet in its rollout wave, or suspended. */
    WAITING("Waiting"),
    /** Held back because its target's rollout halted: the earlier waves failed the commit beyond the error budget. */
    HALTED("Halted"),
    /** Recorded on this host, but the agent has not read the desired state yet: neither synced nor not. */
    UNKNOWN("Unknown");

    private final String label;

    ComponentState(String label) {
        this.label = label;
    }

    /** The name shown to operators (status, metrics label). */
    public String label() {
        return label;
    }
}
