package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.state.PassRecord;
import java.util.List;
import java.util.Optional;

/**
 * The running agent as its edges see it: the scheduler calls {@link #sync}, the HTTP API and the
 * CLI read {@link #status}, {@link #plan} and {@link #history}. Passes never overlap: {@code sync}
 * waits for a running pass to end. Thread-safe.
 */
public interface Agent {

    /** Runs one pass now (poll, plan, apply unless held back) and returns how it ended; never throws. */
    PassOutcome sync(String trigger);

    /** A snapshot of where the agent and every component stand. */
    AgentStatus status();

    /** The plan against the last revision read, as JSON-ready data (computed without changing anything). */
    PlanView plan();

    /** The latest passes, newest first, each with its steps. */
    List<PassRecord> history(Optional<String> component, int limit);

    /** Stops applying (passes still poll and plan) until {@link #resume}. */
    void suspend();

    void resume();

    /** Clears the block on a failed revision (all components, or one) so the next pass tries it again. */
    void retry(Optional<String> component);
}
