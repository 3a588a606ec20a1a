package dev.versiond.daemon.execute;

import dev.versiond.spec.model.RunStep;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code run} step: its guards ({@code creates}, {@code unless}) are asked once, before the
 * first attempt; then the command runs, retried with backoff while it fails.
 */
final class RunStepRunner {
    private final ProcessRunner processes;
    private final Attempts attempts;

    RunStepRunner(ProcessRunner processes, Attempts attempts) {
        this.processes = processes;
        this.attempts = attempts;
    }

    StepResult apply(RunStep step, StepContext context) {
        Instant start = attempts.now();
        Optional<String> satisfied = guard(step, context);
        if (satisfied.isPresent()) {
            return StepResult.skipped(satisfied.get(), attempts.since(start));
        }
        return attempts.repeat(start, step.common().retries(),
                () -> Attempt.of(processes.run(step.command(), context, step.effectiveTimeout())));
    }

    StepResult reverse(RunStep step, StepContext context) {
        Instant start = attempts.now();
        if (step.down().isEmpty()) {
            return StepResult.failed("no inverse: run step '" + step.id() + "' has no down command", "",
                    attempts.since(start), 0);
        }
        return attempts.repeat(start, step.common().retries(),
                () -> Attempt.of(processes.run(step.down().get(), context, step.effectiveTimeout())));
    }

    /**
     * Whether the step's effect is there: its {@code creates} path exists, or else its {@code unless}
     * command exits 0; empty for an unguarded step (or an {@code unless} that did not answer).
     */
    Optional<Boolean> probe(RunStep step, StepContext context) {
        if (step.creates().isPresent()) {
            return Optional.of(Files.exists(context.root().resolve(step.creates().get())));
        }
        if (step.unless().isPresent()) {
            ProcessRun run = processes.run(step.unless().get(), context, step.effectiveTimeout());
            return run.answered() ? Optional.of(run.exitCode() == 0) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Why the step need not run, if a guard says so. An {@code unless} that cannot run does not skip. */
    private Optional<String> guard(RunStep step, StepContext context) {
        if (step.creates().isPresent() && Files.exists(context.root().resolve(step.creates().get()))) {
            return Optional.of("creates: " + step.creates().get() + " exists");
        }
        if (step.unless().isPresent()
                && processes.run(step.unless().get(), context, step.effectiveTimeout()).succeeded()) {
            return Optional.of("unless: `" + step.unless().get() + "` exited 0");
        }
        return Optional.empty();
    }
}
