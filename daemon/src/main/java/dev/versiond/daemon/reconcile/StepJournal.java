package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.plan.StepPhase;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.state.JournalPhase;
import dev.versiond.daemon.state.JournalStart;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.daemon.state.StepOutcome;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs one step between its two journal entries: started (durable before the step has any effect)
 * and finished, with its outcome, output tail and duration, every secret masked. A step that the
 * executor refuses (a path outside the allowed roots) or that throws a step failure is a failed
 * result, never an escaped exception.
 */
final class StepJournal {
    private final StateStore store;
    private final Redactor redactor;

    StepJournal(StateStore store, Redactor redactor) {
        this.store = store;
        this.redactor = redactor;
    }

    StepResult run(JournalStart start, Supplier<StepResult> action) {
        long journal = store.journalStart(start);
        StepResult result;
        try {
            result = action.get();
        } catch (VersiondException | IllegalArgumentException e) {
            if (e instanceof VersiondException v && v.code() != ErrorCode.PLAN && v.code() != ErrorCode.STEP_FAILED) {
                throw e;
            }
            result = StepResult.failed(e.getMessage(), "", Duration.ZERO, 0);
        }
        result = masked(result);
        store.journalFinish(journal, outcome(result.outcome()), result.duration(), result.error(),
                result.outputTail());
        return result;
    }

    /** The journal's phase of a planned step's phase: the same word, but the state store knows no plans. */
    static JournalPhase phase(StepPhase phase) {
        return switch (phase) {
            case PREFLIGHT -> JournalPhase.PREFLIGHT;
            case UP -> JournalPhase.UP;
            case DOWN -> JournalPhase.DOWN;
            case CLEANUP -> JournalPhase.CLEANUP;
            case VERIFY -> JournalPhase.VERIFY;
            case CONVERGE -> JournalPhase.CONVERGE;
            case ON_CHANGE -> JournalPhase.ON_CHANGE;
            case HEAL -> JournalPhase.HEAL;
            case ROLLBACK -> JournalPhase.ROLLBACK;
        };
    }

    private static StepOutcome outcome(StepResult.Outcome outcome) {
        return switch (outcome) {
            case APPLIED -> StepOutcome.APPLIED;
            case SKIPPED -> StepOutcome.SKIPPED;
            case FAILED -> StepOutcome.FAILED;
        };
    }

    /** A step's result with every secret value masked, as it may be journaled, logged and shown. */
    StepResult masked(StepResult r) {
        if (redactor.isEmpty()) {
            return r;
        }
        return new StepResult(r.outcome(), redactor.mask(r.outputTail()), r.duration(), r.attempts(), redactor.mask(r.error()));
    }

    String mask(String text) {
        return redactor.mask(text);
    }
}
