package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.state.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * One component in the agent's status.
 *
 * @param recorded the version recorded on this host, if any
 * @param desired the version the targets ask for, if any target names it
 * @param reason why it is in this state, for humans (e.g. "outside maintenance window; opens 2026-11-28T01:00Z")
 * @param lastError the last failure for this component, if any
 * @param code the typed reason of a blocked, degraded or waiting component
 */
public record ComponentStatus(String name, Optional<String> recorded, Optional<String> desired, ComponentState state,
                              Optional<String> reason, Optional<String> lastError, Optional<Reason> code) {
    public ComponentStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(code, "code");
    }

    /** A component status without a typed reason. */
    public ComponentStatus(String name, Optional<String> recorded, Optional<String> desired, ComponentState state,
                           Optional<String> reason, Optional<String> lastError) {
        this(name, recorded, desired, state, reason, lastError, Optional.empty());
    }
}
