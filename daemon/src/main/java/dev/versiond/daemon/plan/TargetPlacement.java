package dev.versiond.daemon.plan;

import java.util.List;
import java.util.Objects;

/**
 * Where this host stands in one target that selects it: the components the target names here and
 * the rollout wave the host is in (0 without a rollout), for the status it reports to the fleet.
 */
public record TargetPlacement(String target, int wave, List<String> components) {
    public TargetPlacement {
        Objects.requireNonNull(target, "target");
        components = List.copyOf(components);
    }
}
