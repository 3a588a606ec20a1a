package dev.versiond.daemon.reconcile;

import java.util.Objects;
import java.util.Optional;

/**
 * One component in the agent's status.
 *
 * @param recorded the version recorded on this host, if any
 * @param desired the version the targets ask for, if any target names it
 * @param reason why it is in this state, for humans (e.g. "outside maintenance window; opens 2026-11-28T01:00Z")
 * @param lastError the last failure for this component, if any
 */
public record ComponentStatus(String name, Optional<String> recorded, Optional<String> desired, ComponentState state,
                              Optional<String> reason, Optional<String> lastError) {
    public ComponentStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastError, "lastError");
    }
}
