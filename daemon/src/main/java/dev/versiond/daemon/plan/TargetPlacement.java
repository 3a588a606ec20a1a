package dev.versiond.daemon.plan;

import dev.versiond.spec.model.Rollout;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where this host stands in one target that selects it: the components the target names here and
 * the rollout wave the host is in (0 without a rollout), for the status it reports to the fleet.
 *
 * @param rollout the target's rollout policy at the planned commit, so the fleet view can tell when
 *     the next wave may start without reading the desired state
 */
public record TargetPlacement(String target, int wave, List<String> components, Optional<Rollout> rollout) {
    public TargetPlacement {
        Objects.requireNonNull(target, "target");
        components = List.copyOf(components);
        Objects.requireNonNull(rollout, "rollout");
    }

    /** A placement in a target without a rollout. */
    public TargetPlacement(String target, int wave, List<String> components) {
        this(target, wave, components, Optional.empty());
    }
}
