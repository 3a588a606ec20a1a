package dev.versiond.spec.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of one component ({@code components/<name>/migrations/<version>.yaml}).
 *
 * <p>{@code up} moves the host from the previous declared version to this one. Reversing it runs
 * {@code down} when the migration declares one, and otherwise the inverse of each {@code up} step,
 * newest first. {@code preflight} checks run before anything changes; {@code verify} checks run
 * after the version is applied and roll the pass back when they fail.
 *
 * @param file the file it was read from (for messages only: identity is component + version)
 * @param rto the recovery-time objective: how long a rollback or downgrade of this version may take
 *     (validate warns when its worst case is longer; the agent reports a real one that was)
 */
public record Migration(String component, Version version, Optional<String> description, List<CheckStep> preflight,
                        List<Step> up, List<Step> down, List<CheckStep> verify, String file, Position position,
                        Optional<java.time.Duration> rto) {
    public Migration {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        preflight = List.copyOf(preflight);
        up = List.copyOf(up);
        down = List.copyOf(down);
        verify = List.copyOf(verify);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(rto, "rto");
    }

    /** The steps a reversal of this version runs: its {@code down} list, or its {@code up} steps newest first. */
    public List<Step> reversal() {
        if (!down.isEmpty()) {
            return down;
        }
        List<Step> reversed = new java.util.ArrayList<>(up);
        java.util.Collections.reverse(reversed);
        return List.copyOf(reversed);
    }

    /** Whether a downgrade across this version is possible. */
    public boolean isReversible() {
        return !down.isEmpty() || up.stream().allMatch(Step::hasInverse);
    }

    /** The first step that keeps this version from being reversed, if any. */
    public Optional<Step> firstIrreversibleStep() {
        if (!down.isEmpty()) {
            return Optional.empty();
        }
        return up.stream().filter(s -> !s.hasInverse()).findFirst();
    }
}
