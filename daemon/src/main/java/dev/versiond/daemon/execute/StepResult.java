package dev.versiond.daemon.execute;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened when a step ran.
 *
 * @param outcome applied, skipped (a guard or the host said it was already done), or failed
 * @param outputTail the last part of the process output (bounded), empty for non-process steps
 * @param duration wall time of all attempts
 * @param attempts how many attempts were made
 * @param error why it failed, for humans
 */
public record StepResult(Outcome outcome, String outputTail, Duration duration, int attempts, Optional<String> error) {
    public StepResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(outputTail, "outputTail");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(error, "error");
    }

    /** How a step ended. */
    public enum Outcome { APPLIED, SKIPPED, FAILED }

    public static StepResult applied(String outputTail, Duration duration, int attempts) {
        return new StepResult(Outcome.APPLIED, outputTail, duration, attempts, Optional.empty());
    }

    public static StepResult skipped(String reason, Duration duration) {
        return new StepResult(Outcome.SKIPPED, reason, duration, 0, Optional.empty());
    }

    public static StepResult failed(String error, String outputTail, Duration duration, int attempts) {
        return new StepResult(Outcome.FAILED, outputTail, duration, attempts, Optional.of(error));
    }

    public boolean succeeded() {
        return outcome != Outcome.FAILED;
    }
}
