package dev.versiond.daemon.plan;

import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing the executor will do: apply a step, or reverse one with the prior captured when it
 * was applied.
 *
 * @param phase when in the pass it runs (journaled with it)
 * @param recordedPrior for a reversal: what was there before the step was applied; for an up step
 *     being retried after a failed or interrupted pass: the prior that pass captured
 * @param corrective whether it corrects drift rather than carrying out an intended change
 */
public record PlannedStep(String component, Version version, Step step, Operation operation, StepPhase phase,
                          StepState state, Optional<String> recordedPrior, boolean corrective) {
    public PlannedStep {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(recordedPrior, "recordedPrior");
    }

    /** Apply or reverse. */
    public enum Operation { APPLY, REVERSE }

    public String checksum() {
        return Checksums.of(step);
    }

    public String describe() {
        return component + " " + version + " " + step.id() + (operation == Operation.REVERSE ? " (reverse)" : "");
    }
}
