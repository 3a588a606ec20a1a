package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.HostObserver;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.Prior;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.plan.Action;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.plan.PlannedStep.Operation;
import dev.versiond.daemon.plan.PlannedVersion;
import dev.versiond.daemon.plan.StepPhase;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.state.AppliedStep;
import dev.versiond.daemon.state.AppliedVersion;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.JournalStart;
import dev.versiond.daemon.state.OpenRollback;
import dev.versiond.daemon.state.PassResult;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one plan: every step journaled as started (with what was there before) before it
 * touches the host, and as finished after; each version recorded once its steps and verify checks
 * pass. Before the first step, the rollback point of the components it changes is recorded (unless
 * an interrupted pass of the same chain recorded it already); when a step or check fails, a
 * {@link Rollback} returns the host to that point.
 *
 * <p>Secrets: every output tail, error and reason is masked before it is journaled, logged or
 * reported. For a component whose config references a secret, a file's prior content is kept in
 * memory for this pass only (so a rollback in this process restores exact bytes); the journal and
 * the recorded steps get its sensitive form (existed, mode, hash), see {@link SensitivePriors}.
 */
final class PassExecution {
    private static final Logger LOG = LoggerFactory.getLogger(PassExecution.class);

    private final StateStore store;
    private final StepExecutor executor;
    private final HostRoot root;
    private final Plan plan;
    private final DesiredState desired;
    private final RecordedState recorded;
    private final Clock clock;
    private final ProgressSink progress;
    private final BooleanSupplier stopRequested;
    private final Map<String, String> extraEnv;
    private final StepJournal journal;
    private final SensitivePriors priors;
    private final ManagedPaths managed;

    private final List<ChangeRecord> changes = new ArrayList<>();
    private final Map<String, Prior> captured = new HashMap<>();
    private long passId;
    private int index;
    private int total;

    PassExecution(StateStore store, StepExecutor executor, HostRoot root, Plan plan, DesiredState desired,
                  RecordedState recorded, Clock clock, ProgressSink progress, BooleanSupplier stopRequested,
                  Map<String, String> extraEnv, Redactor redactor, Set<String> sensitive) {
        this.store = store;
        this.executor = executor;
        this.root = root;
        this.plan = plan;
        this.desired = desired;
        this.recorded = recorded;
        this.clock = clock;
        this.progress = progress;
        this.stopRequested = stopRequested;
        this.extraEnv = Map.copyOf(extraEnv);
        this.journal = new StepJournal(store, redactor);
        this.priors = new SensitivePriors(executor, recorded, sensitive, this::context);
        this.managed = new ManagedPaths(store, executor, new HostObserver(root), recorded);
    }

    /** Thrown inside the pass to stop it; carries how it ends. */
    private static final class Stop extends RuntimeException {
        final PlannedStep step;
        final String reason;
        final boolean interrupted;

        Stop(PlannedStep step, String reason, boolean interrupted) {
            super(reason, null, false, false);
            this.step = step;
            this.reason = reason;
            this.interrupted = interrupted;
        }
    }

    PassOutcome run(String trigger) {
        String commit = plan.commit().map(c -> c.id()).orElse("(working tree)");
        List<ComponentPlan> work = plan.components().stream().filter(ComponentPlan::hasWork).toList();
        total = work.stream().mapToInt(c -> c.steps().size()).sum();
        passId = store.beginPass(trigger, plan.commit().map(c -> c.id()), signer());
        try {
            store.takePoint(passId, work.stream().map(ComponentPlan::component).toList());
            for (ComponentPlan cp : work) {
                runComponent(cp, commit);
            }
        } catch (Stop stop) {
            if (stop.interrupted) {
                store.finishPass(passId, PassResult.INTERRUPTED, stop.reason, changes);
                return PassOutcome.interrupted(Optional.of(passId), stop.reason);
            }
            ComponentPlan failed = plan.component(stop.step.component()).orElseThrow();
            return rollback().begin(OpenRollback.begin(passId, stop.step.component(),
                    failed.desired().orElse(stop.step.version()), commit, stop.reason));
        } catch (VersiondException e) {
            closeAfterStoreFailure(e);
            throw e;
        }
        String summary = summary(work);
        store.atomically(() -> {
            plan.commit().ifPresent(c -> store.recordLastApplied(c.id()));
            store.finishPass(passId, PassResult.APPLIED, summary, changes);
        });
        return PassOutcome.applied(Optional.of(passId), summary, index);
    }

    /** The rollback of this pass (or of an interrupted one this pass found open). */
    Rollback rollback() {
        return new Rollback(store, executor, journal, priors, this::context, desired, progress, clock, captured);
    }

    /** Carries on a rollback a dead process left open, as a pass of its own. */
    PassOutcome resume(OpenRollback open) {
        passId = store.beginPass("recovery", plan.commit().map(c -> c.id()), signer());
        LOG.warn("resuming the rollback of pass {} ({}), left unfinished by a stop or crash", open.passId(), open.reason());
        return rollback().resume(open, passId);
    }

    /** Who signed the commit the plan was read at (the source verified it before planning). */
    private Optional<String> signer() {
        return plan.commit().flatMap(dev.versiond.daemon.source.Commit::signer);
    }

    /**
     * The state store failed mid-pass (a full disk): the pass cannot be closed as it ran. Try to close
     * it as interrupted; when even that fails, the next pass closes it before it starts.
     */
    private void closeAfterStoreFailure(VersiondException e) {
        if (e.code() != ErrorCode.STATE) {
            return;
        }
        try {
            store.finishPass(passId, PassResult.INTERRUPTED, "the state store failed: " + journal.mask(e.getMessage()), changes);
        } catch (RuntimeException again) {
            LOG.warn("cannot close pass {} either ({}); the next pass closes it", passId, again.getMessage());
        }
    }

    private static String summary(List<ComponentPlan> work) {
        return String.join("; ", work.stream().map(c -> c.component() + ": " + c.reason().orElse(c.action().word())).toList());
    }

    private void runComponent(ComponentPlan cp, String commit) {
        String name = cp.component();
        java.time.Instant started = clock.instant();
        for (PlannedVersion pv : cp.versions()) {
            List<AppliedStep> applied = new ArrayList<>();
            int seq = 0;
            for (PlannedStep ps : pv.steps()) {
                Optional<String> prior = execute(cp, ps);
                if (ps.phase() == StepPhase.UP) {
                    applied.add(new AppliedStep(AppliedStep.UP, seq++, ps.step().id(), ps.step().kind(),
                            Checksums.canonicalJson(ps.step()), Checksums.of(ps.step()), prior));
                }
            }
            if (pv.direction() == PlannedVersion.Direction.UP) {
                int downSeq = 0;
                for (Step down : pv.downSteps()) {
                    applied.add(new AppliedStep(AppliedStep.DOWN, downSeq++, down.id(), down.kind(),
                            Checksums.canonicalJson(down), Checksums.of(down), Optional.empty()));
                }
                store.recordApplied(name, new AppliedVersion(pv.version(), commit, false, applied), passId);
            } else if (pv.direction() == PlannedVersion.Direction.DOWN) {
                RecordedComponent rc = recorded.component(name).orElseThrow();
                store.recordReversed(name, pv.version(), Optional.ofNullable(rc.applied().lowerKey(pv.version())), commit, passId);
            }
        }
        for (PlannedStep ps : cp.converge()) {
            execute(cp, ps);
        }
        for (PlannedStep ps : cp.onChange()) {
            execute(cp, ps);
        }
        // The component reached its desired version: an older failure no longer describes it.
        store.unblock(Optional.of(name));
        changes.add(change(cp, started));
    }

    /**
     * The component's move as a change of the pass; a downgrade with how long it took (its down steps
     * and the restored version's verify checks) and the rto of the highest version it reversed.
     */
    private ChangeRecord change(ComponentPlan cp, java.time.Instant started) {
        ChangeRecord plain = change(cp);
        if (cp.action() != Action.DOWNGRADE || cp.versions().isEmpty()) {
            return plain;
        }
        Version highest = cp.versions().get(0).version();
        Optional<java.time.Duration> rto = desired.component(cp.component()).flatMap(c -> c.migration(highest))
                .flatMap(dev.versiond.spec.model.Migration::rto);
        return new ChangeRecord(plain.component(), plain.from(), plain.to(), plain.kind(),
                Optional.of(java.time.Duration.between(started, clock.instant())), rto);
    }

    private static ChangeRecord change(ComponentPlan cp) {
        String kind = switch (cp.action()) {
            case UPGRADE -> "upgrade";
            case DOWNGRADE -> "downgrade";
            default -> cp.converge().stream().allMatch(PlannedStep::corrective) && !cp.converge().isEmpty() ? "heal" : "converge";
        };
        return new ChangeRecord(cp.component(), cp.recorded().map(Version::toString),
                cp.action() == Action.CONVERGE ? cp.recorded().map(Version::toString) : cp.desired().map(Version::toString), kind);
    }

    /** Runs one step between its journal entries; returns the prior it was journaled with. */
    private Optional<String> execute(ComponentPlan cp, PlannedStep ps) {
        if (stopRequested.getAsBoolean()) {
            throw new Stop(ps, "stopped before " + ps.describe() + "; the next start resumes from the journal", true);
        }
        StepContext ctx = StepContexts.of(root, cp, ps.version(), extraEnv);
        Step step = ps.step();
        Prior before;
        try {
            before = executor.capture(step, ctx);
        } catch (VersiondException e) {
            if (e.code() != ErrorCode.PLAN) {
                throw e;
            }
            // A path outside the root or the allowed roots: the planner should have blocked it.
            throw new Stop(ps, ps.describe() + " refused: " + journal.mask(e.getMessage()), false);
        }
        boolean carried = ps.operation() == Operation.APPLY && ps.recordedPrior().isPresent();
        Optional<String> priorJson = carried ? ps.recordedPrior() : priors.journalForm(cp.component(), before);
        if (ps.operation() == Operation.APPLY && !carried) {
            captured.putIfAbsent(RecordedState.stepKey(cp.component(), ps.version().toString(), step.id()), before);
        }
        index++;
        progress.started(index, total, ps);
        boolean reversal = ps.operation() == Operation.REVERSE;
        Prior[] restored = {Prior.nothing()};
        StepResult result = journal.run(new JournalStart(passId, cp.component(), ps.version().toString(), step.id(),
                StepJournal.phase(ps.phase()), step.kind(), Checksums.canonicalJson(step), Checksums.of(step), priorJson,
                ps.corrective(), reversal, Optional.empty()), () -> {
                    if (!reversal) {
                        return executor.apply(step, ctx);
                    }
                    restored[0] = priors.restorable(cp.component(), ps.version(), step, ps.recordedPrior());
                    if (ps.phase() == StepPhase.CLEANUP && step instanceof dev.versiond.spec.model.SnapshotStep
                            && executor.probe(step, restored[0], ctx).equals(Optional.of(false))) {
                        // Its capture was cut short (cleanup runs before any capture could prune it): the steps
                        // after it never ran, so there is nothing to restore. Asked with the prior, which names
                        // the snapshot as taken at the interrupted pass's commit, not at the cleanup's.
                        return StepResult.skipped("its capture was cut short before the steps after it ran; "
                                + "nothing to restore", java.time.Duration.ZERO);
                    }
                    return executor.reverse(step, restored[0], ctx);
                });
        progress.finished(index, total, ps, result);
        if (!result.succeeded()) {
            throw new Stop(ps, ps.describe() + " failed: " + result.error().orElse("failed"), false);
        }
        if (reversal) {
            managed.restored(cp.component(), ps.version(), step, restored[0]);
        } else {
            managed.applied(cp.component(), ps, ctx);
        }
        return priorJson;
    }

    /** The context a step of a component renders and runs with, for components this plan names or not. */
    private StepContext context(String component, Version version) {
        return plan.component(component).map(cp -> StepContexts.of(root, cp, version, extraEnv))
                .orElseGet(() -> StepContexts.of(root, component, Map.of(), plan.commit().map(c -> c.id()), version, extraEnv));
    }
}
