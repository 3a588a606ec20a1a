package dev.versiond.daemon.execute;

import dev.versiond.spec.model.ServiceAction;
import dev.versiond.spec.model.ServiceStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code service} step: {@code systemctl <action> <unit>} as a process, with the step's timeout
 * and retries. Reversed by the inverse action (start ↔ stop, enable ↔ disable; restart and reload
 * are their own inverse).
 */
final class ServiceRunner {
    private final List<String> systemctl;
    private final ProcessRunner processes;
    private final Attempts attempts;

    ServiceRunner(List<String> systemctl, ProcessRunner processes, Attempts attempts) {
        this.systemctl = List.copyOf(systemctl);
        this.processes = processes;
        this.attempts = attempts;
    }

    StepResult apply(ServiceStep step, StepContext context) {
        return act(step, step.action(), context);
    }

    StepResult reverse(ServiceStep step, StepContext context) {
        return act(step, step.action().inverse(), context);
    }

    /**
     * The unit's state says whether start/stop ({@code is-active}) or enable/disable
     * ({@code is-enabled}) took effect; a restart or reload leaves no trace to look at, so empty.
     */
    Optional<Boolean> probe(ServiceStep step, StepContext context) {
        String query;
        boolean wanted;
        switch (step.action()) {
            case START -> { query = "is-active"; wanted = true; }
            case STOP -> { query = "is-active"; wanted = false; }
            case ENABLE -> { query = "is-enabled"; wanted = true; }
            case DISABLE -> { query = "is-enabled"; wanted = false; }
            default -> { return Optional.empty(); }
        }
        ProcessRun run = processes.run(argv(query, step.unit()), List.of(context.env()), Optional.empty(),
                step.effectiveTimeout());
        return run.answered() ? Optional.of((run.exitCode() == 0) == wanted) : Optional.empty();
    }

    private StepResult act(ServiceStep step, ServiceAction action, StepContext context) {
        Instant start = attempts.now();
        List<String> argv = argv(action.word(), step.unit());
        return attempts.repeat(start, step.common().retries(), () -> {
            ProcessRun run = processes.run(argv, List.of(context.env()), Optional.empty(), step.effectiveTimeout());
            return run.succeeded()
                    ? Attempt.ok(run.output())
                    : Attempt.failed(String.join(" ", argv) + ": " + run.problem(), run.output());
        });
    }

    private List<String> argv(String verb, String unit) {
        List<String> argv = new ArrayList<>(systemctl);
        argv.add(verb);
        argv.add(unit);
        return argv;
    }
}
