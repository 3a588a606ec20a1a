package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the host has recorded. Every write is durable when the method returns (the journal's
 * promise: a step is on disk as started before it touches the host). One process owns a state
 * directory at a time. Safe to call from several threads (the agent's HTTP threads read while a pass
 * writes); the reconciler serialises passes.
 */
public interface StateStore extends AutoCloseable {

    /** Everything planning needs, in one read. */
    RecordedState recorded();

    /** Opens a pass in the history and returns its id. */
    long beginPass(String trigger, Optional<String> commit, Optional<String> signer);

    /**
     * Closes a pass with its result, a reason for humans, and the component moves it made. Any result
     * but {@link PassResult#INTERRUPTED} also ends the pass chain: the rollback point and the undo log are
     * cleared, in the same transaction.
     */
    void finishPass(long passId, PassResult result, String reason, Optional<Reason> code, List<ChangeRecord> changes);

    /** {@link #finishPass(long, PassResult, String, Optional, List)} without a typed reason. */
    default void finishPass(long passId, PassResult result, String reason, List<ChangeRecord> changes) {
        finishPass(passId, result, reason, Optional.empty(), changes);
    }

    /** Runs {@code work} (calls to this store) in one transaction: all of it is recorded, or none. */
    void atomically(Runnable work);

    /**
     * Records the rollback point of the named components, unless a pass chain already holds theirs:
     * their recorded versions, applied steps and managed paths as they are before this pass changes
     * anything. A pass that is cut short keeps the point, so the pass that resumes it rolls back to
     * where the first one began.
     */
    void takePoint(long passId, java.util.Collection<String> components);

    /** The components the current rollback point holds (empty: no pass chain is open). */
    java.util.Set<String> pointComponents();

    /**
     * Ends an open pass chain whose work is done: a pass cut short after its last step, found by a
     * pass that has nothing left to do. Forgets the rollback point and the undo log and records
     * {@code appliedCommit} as the last commit applied, in one transaction.
     */
    void endChain(Optional<String> appliedCommit);

    /** What the pass chain did that a rollback must undo, oldest first. */
    List<UndoEntry> undoLog();

    /** Journals a rollback's intent before its first undo (kept if one is already open for that pass). */
    void beginRollback(OpenRollback rollback);

    /** The rollback a dead process left unfinished, if any. */
    Optional<OpenRollback> openRollback();

    /**
     * Puts the recorded state of every component of the rollback point back as it was, ends the pass
     * chain, and moves the open rollback to its verify stage — in one transaction.
     */
    void restorePoint(long rollbackPassId, java.util.Collection<String> restored);

    /** Moves a rollback to a final stage ({@code DONE} or {@code FAILED}). */
    void closeRollback(long rollbackPassId, OpenRollback.Stage stage);

    /** Marks every pass left open by a dead process as interrupted; returns how many. */
    int closeInterruptedPasses();

    /**
     * Journals a step as started, before it has any effect; returns the journal id. An up step is
     * also kept as pending (with its definition and prior) until its version is recorded or the
     * step is reversed; the first one started wins (see {@link RecordedState#pending()}).
     */
    long journalStart(JournalStart start);

    /**
     * Journals a step as finished. An up step that was skipped or failed, and that no earlier pass
     * had left pending, is no longer pending: it changed nothing on the host.
     */
    void journalFinish(long journalId, StepOutcome outcome, Duration duration, Optional<String> error, String outputTail);

    /**
     * Records one version of a component as applied: its steps (with priors), the component's
     * recorded version and commit — in one transaction.
     */
    void recordApplied(String component, AppliedVersion version, long passId);

    /**
     * Records that {@code version} of a component was reversed: its recorded steps are forgotten and
     * the component's recorded version becomes {@code now} (empty: the component is gone from the host).
     */
    void recordReversed(String component, Version version, Optional<Version> now, String commit, long passId);

    /** Forgets a pending up step that was reversed. */
    void forgetPending(String component, String version, String stepId);

    /** Records that versiond manages a file or link (replacing what was recorded for that path). */
    void recordManaged(Managed managed);

    /** Forgets a managed path (it was restored to something versiond did not write). */
    void forgetManaged(String path);

    /** Marks a revision as failed; it is not retried until a new commit or {@link #unblock}. */
    void block(Blocked blocked);

    /** Clears blocks: one component's, or all when empty; returns how many were cleared. */
    int unblock(Optional<String> component);

    /** The last commit a pass applied (for the descendant check). */
    void recordLastApplied(String commit);

    /**
     * Replaces the recorded definitions and checksums of an applied version with the ones now in
     * Git (the operator's {@code repair}), keeping the captured priors of steps that still exist.
     */
    void repair(String component, Version version, List<AppliedStep> steps);

    /** A small agent setting kept with the state (suspended, the source last used), if set. */
    Optional<String> setting(String key);

    /** Keeps a small agent setting with the state. */
    void putSetting(String key, String value);

    /**
     * Keeps how long each phase of a recorded pass took, replacing any kept before.
     *
     * @param seconds by phase name, in the order the phases ran
     */
    void recordPhases(long passId, Map<String, Double> seconds);

    /** The newest passes first, each with its changes, journaled steps and phase times. */
    List<PassRecord> history(Optional<String> component, int limit);

    @Override
    void close();
}
