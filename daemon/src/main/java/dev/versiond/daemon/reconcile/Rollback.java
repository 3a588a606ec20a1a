package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.Prior;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.plan.PlannedStep.Operation;
import dev.versiond.daemon.plan.StepPhase;
import dev.versiond.daemon.plan.StepState;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.JournalPhase;
import dev.versiond.daemon.state.JournalStart;
import dev.versiond.daemon.state.OpenRollback;
import dev.versiond.daemon.state.PassResult;
import dev.versiond.daemon.state.Reason;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.daemon.state.UndoEntry;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.StepCodec;
import dev.versiond.spec.model.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the host to the rollback point after a step or check failed: the versions it had when
 * the first pass of the chain began (a pass cut short by a crash and the pass that resumed it are
 * one chain). The rollback is journaled before its first undo ({@link StateStore#beginRollback}),
 * so a crash at any instant resumes this very rollback:
 *
 * <ol>
 *   <li><b>undo</b>: every entry of the undo log, newest first (restarts and reloads last, so they
 *       pick up the restored files), each journaled as a {@code rollback} step; an entry is gone from
 *       the log in the transaction that journals its undo finished, so no undo runs twice;
 *   <li><b>restore</b>: the recorded versions, steps and managed paths of every component of the
 *       point put back as they were, in one transaction;
 *   <li><b>verify</b>: the restored versions' verify checks, so a rollback that left the service down
 *       is not reported as a clean one;
 *   <li>the failed revision blocked (or the component degraded) and the pass closed, in one transaction.
 * </ol>
 * A failing undo stops the rollback: the component is degraded and nothing retries it on its own.
 */
final class Rollback {
    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

    private final StateStore store;
    private final StepExecutor executor;
    private final StepJournal journal;
    private final SensitivePriors priors;
    private final BiFunction<String, Version, StepContext> contexts;
    private final DesiredState desired;
    private final ProgressSink progress;
    private final Clock clock;
    private final Map<String, Prior> exactPriors;

    /**
     * @param desired where the restored versions' verify checks are read
     * @param exactPriors what this process captured before each step it ran, by step key: restores
     *     exact bytes where the state store holds only the sensitive form
     */
    Rollback(StateStore store, StepExecutor executor, StepJournal journal, SensitivePriors priors,
             BiFunction<String, Version, StepContext> contexts, DesiredState desired, ProgressSink progress,
             Clock clock, Map<String, Prior> exactPriors) {
        this.store = store;
        this.executor = executor;
        this.journal = journal;
        this.priors = priors;
        this.contexts = contexts;
        this.desired = desired;
        this.progress = progress;
        this.clock = clock;
        this.exactPriors = Map.copyOf(exactPriors);
    }

    /** Journals the intent, then carries the rollback out within pass {@code passId}. */
    PassOutcome begin(OpenRollback intent) {
        LOG.warn("{}; rolling back {} change(s) of this pass", intent.reason(), store.undoLog().size());
        store.beginRollback(intent);
        return resume(intent, intent.passId());
    }

    /**
     * Carries an open rollback on from the stage it reached; {@code passId} is the pass that does it
     * (the failed pass itself, or the pass that resumes it after a crash).
     */
    PassOutcome resume(OpenRollback rollback, long passId) {
        java.time.Instant started = rollback.startedAt().orElseGet(clock::instant);
        List<String> restored = rollback.restored();
        if (rollback.stage() == OpenRollback.Stage.UNDO) {
            TreeSet<String> touched = new TreeSet<>(store.pointComponents());
            touched.add(rollback.component());
            List<UndoEntry> undo = order(store.undoLog());
            for (int i = 0; i < undo.size(); i++) {
                UndoEntry entry = undo.get(i);
                touched.add(entry.component());
                StepResult r = undo(entry, passId, i + 1, undo.size());
                if (!r.succeeded()) {
                    return degraded(rollback, started, passId, Reason.ROLLBACK_FAILED, rollback.reason() + "; rollback failed at "
                            + describe(entry) + ": " + r.error().orElse("failed") + "; the host needs an operator");
                }
            }
            store.restorePoint(rollback.passId(), touched);
            restored = List.copyOf(touched);
        }
        Optional<String> unhealthy = verifyRestored(restored, passId);
        if (unhealthy.isPresent()) {
            return degraded(rollback, started, passId, Reason.RESTORED_UNHEALTHY, rollback.reason()
                    + "; rolled back, but the restored version is not healthy: " + unhealthy.get());
        }
        String reason = rollback.reason() + "; rolled back to the versions recorded before the pass";
        store.atomically(() -> {
            store.block(new Blocked(rollback.component(), rollback.version(), rollback.commit(), rollback.reason(), false,
                    clock.instant(), Reason.FAILED_AT_COMMIT));
            store.closeRollback(rollback.passId(), OpenRollback.Stage.DONE);
            store.finishPass(passId, PassResult.ROLLED_BACK, reason, Optional.of(Reason.FAILED_AT_COMMIT),
                    changes(rollback, started));
        });
        return PassOutcome.rolledBack(Optional.of(passId), reason);
    }

    private PassOutcome degraded(OpenRollback rollback, java.time.Instant started, long passId, Reason code, String reason) {
        LOG.error("{}", reason);
        store.atomically(() -> {
            store.block(new Blocked(rollback.component(), rollback.version(), rollback.commit(), reason, true,
                    clock.instant(), code));
            store.closeRollback(rollback.passId(), OpenRollback.Stage.FAILED);
            store.finishPass(passId, PassResult.DEGRADED, reason, Optional.of(code), changes(rollback, started));
        });
        return PassOutcome.degraded(Optional.of(passId), reason);
    }

    /** The rollback as a change of the pass, with how long it took and the rto of the version that failed. */
    private List<ChangeRecord> changes(OpenRollback rollback, java.time.Instant started) {
        Optional<String> now = store.recorded().component(rollback.component()).map(RecordedComponent::version)
                .map(Version::toString);
        Optional<Duration> rto = desired.component(rollback.component()).flatMap(c -> c.migration(rollback.version()))
                .flatMap(Migration::rto);
        return List.of(new ChangeRecord(rollback.component(), now, now, "rollback",
                Optional.of(Duration.between(started, clock.instant())), rto));
    }

    /** Newest first; a restart or reload after every other undo, so it picks up what they restored. */
    private static List<UndoEntry> order(List<UndoEntry> log) {
        List<UndoEntry> first = new ArrayList<>();
        List<UndoEntry> last = new ArrayList<>();
        for (int i = log.size() - 1; i >= 0; i--) {
            UndoEntry e = log.get(i);
            (reappliesOnReverse(e) ? last : first).add(e);
        }
        first.addAll(last);
        return first;
    }

    private static boolean reappliesOnReverse(UndoEntry e) {
        return e.kind().equals("service") && decode(e) instanceof ServiceStep s && s.action().reappliesOnReverse();
    }

    private static Step decode(UndoEntry e) {
        return StepCodec.decode(e.definitionJson(), "undo log " + describe(e));
    }

    private static String describe(UndoEntry e) {
        return e.component() + " " + e.version() + " " + e.stepId() + (e.reapply() ? " (re-apply)" : "");
    }

    private StepResult undo(UndoEntry entry, long passId, int index, int total) {
        Step step = decode(entry);
        Version version = Version.parse(entry.version());
        StepContext ctx = contexts.apply(entry.component(), version);
        PlannedStep shown = new PlannedStep(entry.component(), version, step,
                entry.reapply() ? Operation.APPLY : Operation.REVERSE, StepPhase.ROLLBACK, StepState.PENDING,
                entry.priorJson(), false);
        JournalStart start = new JournalStart(passId, entry.component(), entry.version(), step.id(),
                JournalPhase.ROLLBACK, step.kind(), Checksums.canonicalJson(step), Checksums.of(step),
                priors.journalForm(entry.component(), executor.capture(step, ctx)), false, !entry.reapply(),
                Optional.of(entry.id()));
        progress.started(index, total, shown);
        StepResult r = journal.run(start, () -> {
            if (entry.reapply()) {
                return executor.apply(step, ctx);
            }
            if (entry.cutShort() && executor.probe(step, ctx).filter(present -> !present).isPresent()) {
                // Killed before it took effect (the probe of its kind says so): its inverse must not run.
                return StepResult.skipped("the step was cut short before it took effect; nothing to undo", Duration.ZERO);
            }
            if (!step.hasInverse()) {
                return StepResult.failed("step '" + step.id() + "' has no inverse (" + (step.kind().equals("run")
                        ? "a run step without down" : "declared irreversible") + ")", "", Duration.ZERO, 0);
            }
            Prior prior = exactPriors.containsKey(entry.stepKey()) ? exactPriors.get(entry.stepKey())
                    : priors.restorable(entry.component(), version, step, entry.priorJson());
            return executor.reverse(step, prior, ctx);
        });
        progress.finished(index, total, shown, r);
        return r;
    }

    /** Runs the verify checks of each restored component's version; the first failure, if any. */
    private Optional<String> verifyRestored(List<String> components, long passId) {
        Map<String, RecordedComponent> now = store.recorded().components();
        for (String name : components) {
            RecordedComponent rc = now.get(name);
            if (rc == null) {
                continue;
            }
            List<? extends Step> checks = desired.component(name).flatMap(c -> c.migration(rc.version()))
                    .map(Migration::verify).orElse(List.of());
            for (int k = 0; k < checks.size(); k++) {
                Step check = checks.get(k);
                StepContext ctx = contexts.apply(name, rc.version());
                JournalStart start = new JournalStart(passId, name, rc.version().toString(), check.id(),
                        JournalPhase.VERIFY, check.kind(), Checksums.canonicalJson(check), Checksums.of(check),
                        Optional.empty(), false);
                PlannedStep shown = new PlannedStep(name, rc.version(), check, Operation.APPLY, StepPhase.VERIFY,
                        StepState.PENDING, Optional.empty(), false);
                progress.started(k + 1, checks.size(), shown);
                StepResult r = journal.run(start, () -> executor.apply(check, ctx));
                progress.finished(k + 1, checks.size(), shown, r);
                if (!r.succeeded()) {
                    return Optional.of(name + " " + rc.version() + " " + check.id() + ": " + r.error().orElse("failed"));
                }
            }
        }
        return Optional.empty();
    }
}
