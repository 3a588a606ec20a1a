package dev.versiond.spec.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A staged rollout: hosts are placed in waves by a stable hash of their name. {@code waves} are
 * cumulative percentages of the fleet (e.g. 10, 50, 100); wave {@code k} (0-based) may apply a new
 * commit {@code k × bake} after the commit was made, and, when a {@link RolloutGate gate} is given,
 * only once the earlier waves' hosts reported it healthy in the status repository.
 */
public record Rollout(List<Integer> waves, Duration bake, Optional<RolloutGate> gate, Position position) {
    public Rollout {
        waves = List.copyOf(waves);
        Objects.requireNonNull(bake, "bake");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(position, "position");
    }

    /** A rollout paced by time alone. */
    public Rollout(List<Integer> waves, Duration bake, Position position) {
        this(waves, bake, Optional.empty(), position);
    }
}
