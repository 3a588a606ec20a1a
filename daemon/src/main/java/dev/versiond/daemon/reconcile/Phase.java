package dev.versiond.daemon.reconcile;

/** What the agent is doing right now. */
public enum Phase {
    IDLE, FETCHING, PLANNING, APPLYING, ROLLING_BACK
}
