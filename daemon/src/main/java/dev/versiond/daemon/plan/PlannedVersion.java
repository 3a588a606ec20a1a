package dev.versiond.daemon.plan;

import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import java.util.List;
import java.util.Objects;

/**
 * One version transition of a component: up to {@code version} (preflight, up steps, verify), or
 * down from it (its recorded down steps or inverses).
 *
 * @param version the version whose steps these are: the one reached ({@code UP}), the applied one left
 *     ({@code DOWN}), or the unrecorded one whose started steps are reversed ({@code CLEANUP})
 * @param direction which of the three this transition is
 * @param steps the steps to run, in order
 * @param downSteps for an upgrade: the migration's explicit down steps, recorded with it; empty otherwise
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
