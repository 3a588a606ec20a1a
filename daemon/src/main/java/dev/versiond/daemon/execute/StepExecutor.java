package dev.versiond.daemon.execute;

import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Step;
import java.util.Optional;

/**
 * Carries out steps on the host. The engine calls, for each step: {@link #capture} (journaled
 * before any side effect), then {@link #apply}; to undo, {@link #reverse} with what was captured.
 * A rollback asks {@link #probe} about a step a crash cut short, so it does not reverse what never
 * happened. Step failures are results, not exceptions.
 */
public interface StepExecutor {

    /** What the step is about to change, read without changing anything. */
    Prior capture(Step step, StepContext context);

    /** Carries the step out: guards, retries with backoff, a timeout that kills the whole process tree. */
    StepResult apply(Step step, StepContext context);

    /**
     * Undoes the step: a file or link back to {@code prior}, a run step's {@code down} command, a
     * service's inverse action; a check has nothing to undo.
     */
    StepResult reverse(Step step, Prior prior, StepContext context);

    /**
     * Whether the step's effect is on the host: file content and mode, link target, a run step's
     * guard, a unit's state; empty when its kind cannot tell (an unguarded run step). Asked by a
     * rollback about a step a crash cut short: when the answer is no, there is nothing to undo.
     */
    Optional<Boolean> probe(Step step, StepContext context);

    /**
     * Whether the effect of the step, applied with {@code prior} captured then, is on the host. The same
     * as {@link #probe(Step, StepContext)} but for kinds whose effect the prior names: a snapshot step's
     * snapshot, whose id holds the commit it was taken at (a cleanup runs at a later commit).
     */
    default Optional<Boolean> probe(Step step, Prior prior, StepContext context) {
        return probe(step, context);
    }

    /** The bytes a file step writes: its content, or its template rendered with the context. */
    byte[] render(FileStep step, StepContext context);
}
