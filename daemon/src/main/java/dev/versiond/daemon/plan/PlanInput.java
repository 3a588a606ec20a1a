package dev.versiond.daemon.plan;

import dev.versiond.daemon.state.RecordedState;
import dev.versiond.spec.model.DesiredState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a plan is computed from.
 *
 * @param commit the commit the desired state was read at (empty for a plain directory preview)
 * @param now the clock's reading, for windows and waves
 */
public record PlanInput(DesiredState desired, RecordedState recorded, HostIdentity host, Observed observed,
                        Optional<CommitInfo> commit, Instant now) {
    public PlanInput {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(now, "now");
    }
}
