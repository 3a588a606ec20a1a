package dev.versiond.daemon.plan;

import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import java.util.List;
import java.util.Objects;

/**
 * One version transition of a component: up to {@code version} (preflight, up steps, verify), or
 * down from it (its recorded down steps or inverses).
 *
 * @param to the version the component is at once this transition is done (for a downgrade: the
 *     next lower applied version, or the desired one)
 * @param downSteps for an upgrade: the migration's explicit down steps, recorded with it
 */
public record PlannedVersion(Version version, Direction direction, List<PlannedStep> steps, List<Step> downSteps) {
    public PlannedVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(direction, "direction");
        steps = List.copyOf(steps);
        downSteps = List.copyOf(downSteps);
    }

    /**
     * Up to a version, down from it, or cleaning up what an interrupted pass left of a version that
     * was never recorded (its started steps reversed; no version record changes).
     */
    public enum Direction { UP, DOWN, CLEANUP }
}
