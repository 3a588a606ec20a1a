package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.HostObserver;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.Prior;
import dev.versiond.daemon.execute.PriorJson;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.plan.Action;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.Fingerprints;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.plan.PlannedStep.Operation;
import dev.versiond.daemon.plan.PlannedVersion;
import dev.versiond.daemon.plan.StepPhase;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.state.AppliedStep;
import dev.versiond.daemon.state.AppliedVersion;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.JournalStart;
import dev.versiond.daemon.state.Managed;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.StepCodec;
import dev.versiond.spec.model.Version;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one plan: every step journaled as started (with what was there before) before it
 * touches the host, and as finished after; each version recorded once its steps and verify checks
 * pass. When a step or check fails, everything this pass did is undone newest first and the
 * failed revision is blocked; when an undo fails, the pass halts and the component is degraded.
 *
 * <p>Secrets: every output tail, error and reason is masked before it is journaled, logged or
 * reported. For a component whose config references a secret, a file's prior content is kept in
 * memory for this pass only; the journal and the recorded steps get its sensitive form (existed,
 * mode, hash). Restoring such a prior later (a downgrade, a rollback after a crash) re-renders the
 * file step of the version below that wrote the same path, with the current config and secrets.
 */
final class PassExecution {
    private static final Logger LOG = LoggerFactory.getLogger(PassExecution.class);

    private final StateStore store;
    private final StepExecutor executor;
    private final HostRoot root;
    private final HostObserver observer;
    private final Plan plan;
    private final RecordedState recorded;
    private final Clock clock;
    private final ProgressSink progress;
    private final BooleanSupplier stopRequested;
    private final Map<String, String> extraEnv;
    private final Redactor redactor;
    private final Set<String> sensitive;

    private final Deque<Undo> undo = new ArrayDeque<>();
    private final List<ChangeRecord> changes = new ArrayList<>();
    private final Map<String, Optional<Version>> current = new HashMap<>();
    private final Map<String, String> currentCommit = new HashMap<>();
    private long passId;
    private int index;
    private int total;
    private boolean rollingBack;

    PassExecution(StateStore store, StepExecutor executor, HostRoot root, Plan plan, RecordedState recorded, Clock clock,
                  ProgressSink progress, BooleanSupplier stopRequested, Map<String, String> extraEnv,
                  Redactor redactor, Set<String> sensitive) {
        this.store = store;
        this.executor = executor;
        this.root = root;
        this.observer = new HostObserver(root);
        this.plan = plan;
        this.recorded = recorded;
        this.clock = clock;
        this.progress = progress;
        this.stopRequested = stopRequested;
        this.extraEnv = Map.copyOf(extraEnv);
        this.redactor = redactor;
        this.sensitive = Set.copyOf(sensitive);
        recorded.components().forEach((name, rc) -> {
            current.put(name, Optional.of(rc.version()));
            currentCommit.put(name, rc.commit());
        });
    }

    /** What undoing one thing this pass did takes. */
    private interface Undo {
        /** Undoes it; a failed step result halts the rollback. */
        Optional<StepResult> run();

        String describe();

        /**
         * Whether it runs after every other undo (a restart or reload: it must pick up the files
         * and links as they are restored, not as the failed pass left them).
         */
        default boolean last() {
            return false;
        }
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

    PassOutcome run(String trigger, Optional<String> signer) {
        String commit = plan.commit().map(c -> c.id()).orElse("(working tree)");
        List<ComponentPlan> work = plan.components().stream().filter(ComponentPlan::hasWork).toList();
        total = work.stream().mapToInt(c -> c.steps().size()).sum();
        passId = store.beginPass(trigger, plan.commit().map(c -> c.id()), signer);
        try {
            for (ComponentPlan cp : work) {
                runComponent(cp, commit);
            }
        } catch (Stop stop) {
            if (stop.interrupted) {
                store.finishPass(passId, "interrupted", stop.reason, changes);
                return PassOutcome.failed(Optional.of(passId), stop.reason);
            }
            return rollBack(stop, commit);
        }
        plan.commit().ifPresent(c -> store.recordLastApplied(c.id()));
        String summary = summary(work);
        store.finishPass(passId, "applied", summary, changes);
        return PassOutcome.applied(Optional.of(passId), summary, index);
    }

    private static String summary(List<ComponentPlan> work) {
        return String.join("; ", work.stream().map(c -> c.component() + ": " + c.reason().orElse(c.action().word())).toList());
    }

    private void runComponent(ComponentPlan cp, String commit) {
        String name = cp.component();
        for (PlannedVersion pv : cp.versions()) {
            List<AppliedStep> applied = new ArrayList<>();
            int seq = 0;
            for (PlannedStep ps : pv.steps()) {
                Executed done = execute(cp, ps);
                if (ps.phase() == StepPhase.UP) {
                    applied.add(new AppliedStep(AppliedStep.UP, seq++, ps.step().id(), ps.step().kind(),
                            Checksums.canonicalJson(ps.step()), Checksums.of(ps.step()), done.priorJson()));
                }
            }
            if (pv.direction() == PlannedVersion.Direction.UP) {
                int downSeq = 0;
                for (Step down : pv.downSteps()) {
                    applied.add(new AppliedStep(AppliedStep.DOWN, downSeq++, down.id(), down.kind(),
                            Checksums.canonicalJson(down), Checksums.of(down), Optional.empty()));
                }
                recordUp(name, new AppliedVersion(pv.version(), commit, false, applied));
            } else if (pv.direction() == PlannedVersion.Direction.DOWN) {
                recordDown(name, pv.version(), commit);
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
        changes.add(change(cp));
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

    private void recordUp(String component, AppliedVersion av) {
        Optional<Version> before = current.getOrDefault(component, Optional.empty());
        String beforeCommit = currentCommit.get(component);
        store.recordApplied(component, av, passId);
        current.put(component, Optional.of(av.version()));
        currentCommit.put(component, av.commit());
        undo.push(new Undo() {
            public Optional<StepResult> run() {
                store.recordReversed(component, av.version(), before, beforeCommit == null ? av.commit() : beforeCommit, passId);
                current.put(component, before);
                return Optional.empty();
            }

            public String describe() {
                return "record of " + component + " " + av.version();
            }
        });
    }

    private void recordDown(String component, Version version, String commit) {
        RecordedComponent rc = recorded.component(component).orElseThrow();
        AppliedVersion saved = rc.applied().get(version);
        Optional<Version> now = Optional.ofNullable(rc.applied().lowerKey(version));
        store.recordReversed(component, version, now, commit, passId);
        current.put(component, now);
        undo.push(new Undo() {
            public Optional<StepResult> run() {
                store.recordApplied(component, saved, passId);
                current.put(component, Optional.of(version));
                return Optional.empty();
            }

            public String describe() {
                return "reversal record of " + component + " " + version;
            }
        });
    }

    /** A step that ran, with the prior it was journaled with. */
    private record Executed(StepResult result, Optional<String> priorJson) {
    }

    private Executed execute(ComponentPlan cp, PlannedStep ps) {
        if (stopRequested.getAsBoolean()) {
            throw new Stop(ps, "stopped before " + ps.describe() + "; the next start resumes from the journal", true);
        }
        StepContext ctx = StepContexts.of(root, cp, ps.version(), extraEnv);
        Step step = ps.step();
        Prior captured;
        try {
            captured = executor.capture(step, ctx);
        } catch (VersiondException e) {
            if (e.code() != ErrorCode.PLAN) {
                throw e;
            }
            // A path outside the root or the allowed roots: the planner should have blocked it.
            throw new Stop(ps, ps.describe() + " refused: " + redactor.mask(e.getMessage()), false);
        }
        boolean carried = ps.operation() == Operation.APPLY && ps.recordedPrior().isPresent();
        Optional<String> priorJson = carried ? ps.recordedPrior() : journalPrior(cp.component(), captured);
        index++;
        progress.started(index, total, ps);
        long journal = store.journalStart(new JournalStart(passId, cp.component(), ps.version().toString(), step.id(),
                ps.phase().word(), step.kind(), Checksums.canonicalJson(step), Checksums.of(step), priorJson, ps.corrective()));
        Prior restored = Prior.nothing();
        StepResult result;
        try {
            if (ps.operation() == Operation.APPLY) {
                result = executor.apply(step, ctx);
            } else {
                restored = restorable(cp, ps.version(), step, ps.recordedPrior());
                Prior prior = restored;
                result = executor.reverse(step, prior, ctx);
            }
        } catch (VersiondException | IllegalArgumentException e) {
            if (e instanceof VersiondException v && v.code() != ErrorCode.PLAN && v.code() != ErrorCode.STEP_FAILED) {
                throw e;
            }
            result = StepResult.failed(e.getMessage(), "", java.time.Duration.ZERO, 0);
        }
        result = masked(result);
        store.journalFinish(journal, outcome(result), result.duration(), result.error(), result.outputTail());
        progress.finished(index, total, ps, result);
        if (!result.succeeded()) {
            throw new Stop(ps, ps.describe() + " failed: " + result.error().orElse("failed"), false);
        }
        if (ps.phase() == StepPhase.CLEANUP) {
            // Leftovers of an interrupted pass, reversed toward the recorded state: nothing to undo later.
            store.forgetPending(cp.component(), ps.version().toString(), step.id());
            afterRestore(cp.component(), ps.version(), step, restored);
        } else if (ps.operation() == Operation.APPLY) {
            recordManaged(cp.component(), ps, ctx);
            if (result.outcome() != StepResult.Outcome.SKIPPED || leftByEarlierPass(cp.component(), ps)) {
                Supplier<Prior> before = carried ? () -> restorable(cp, ps.version(), step, priorJson) : () -> captured;
                undo.push(undoApply(cp, ps, ctx, before));
            }
        } else {
            afterRestore(cp.component(), ps.version(), step, restored);
            undo.push(undoReverse(cp, ps, ctx));
        }
        return new Executed(result, priorJson);
    }

    /** A step's result with every secret value masked, as it may be journaled, logged and shown. */
    private StepResult masked(StepResult r) {
        if (redactor.isEmpty()) {
            return r;
        }
        return new StepResult(r.outcome(), redactor.mask(r.outputTail()), r.duration(), r.attempts(), redactor.mask(r.error()));
    }

    /** The prior as the state store may hold it: without file content for a component with secrets. */
    private Optional<String> journalPrior(String component, Prior prior) {
        return sensitive.contains(component) ? PriorJson.writeSensitive(prior) : PriorJson.write(prior);
    }

    /**
     * The prior a recorded JSON stands for. A sensitive file prior of a file that existed is
     * re-rendered: the nearest version below that wrote the same path, rendered with the current
     * config and secrets (the content it had then is not kept anywhere).
     */
    private Prior restorable(ComponentPlan cp, Version version, Step step, Optional<String> json) {
        Optional<PriorJson.SensitiveFile> s = PriorJson.sensitive(json);
        if (s.isEmpty() || !s.get().existed() || !(step instanceof FileStep file)) {
            return PriorJson.read(json);
        }
        String origin = cp.component() + " below " + version;
        for (AppliedVersion av : recorded.component(cp.component()).map(rc -> rc.applied().headMap(version, false)
                .descendingMap().values()).orElse(List.of())) {
            for (AppliedStep as : av.up()) {
                if (!as.kind().equals("file")) {
                    continue;
                }
                Step lower = StepCodec.decode(as.definitionJson(), "recorded " + origin);
                if (lower instanceof FileStep lf && lf.path().equals(file.path())) {
                    byte[] content = executor.render(lf, StepContexts.of(root, cp, av.version(), extraEnv));
                    if (s.get().sha256().filter(h -> !h.equals(Fingerprints.sha256(content))).isPresent()) {
                        LOG.info("{}: re-rendered {} from {} {} with the current config; it differs from what was "
                                + "there before (config or secrets changed since)", cp.component(), file.path(),
                                cp.component(), av.version());
                    }
                    return new Prior.FileState(Optional.of(content), s.get().mode());
                }
            }
        }
        throw new VersiondException(ErrorCode.STEP_FAILED, "cannot restore " + file.path() + ": its previous content "
                + "held secrets and was not kept, and no version of " + cp.component() + " below " + version
                + " writes it; restore it by hand");
    }

    /**
     * Whether a step a guard skipped was put there by an earlier pass that died (so undoing this pass
     * must undo it too) rather than found on the host (which a rollback must leave alone).
     */
    private boolean leftByEarlierPass(String component, PlannedStep ps) {
        return ps.phase() == StepPhase.UP
                && recorded.pending().containsKey(RecordedState.stepKey(component, ps.version().toString(), ps.step().id()));
    }

    private static String outcome(StepResult result) {
        return result.outcome().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void recordManaged(String component, PlannedStep ps, StepContext ctx) {
        String origin = component + "/" + (ps.phase() == StepPhase.CONVERGE ? "config" : ps.version().toString())
                + "/" + ps.step().id();
        if (ps.step() instanceof FileStep file) {
            store.recordManaged(new Managed(file.path(), component, "file",
                    Fingerprints.file(executor.render(file, ctx), file.mode()), origin));
        } else if (ps.step() instanceof LinkStep link) {
            store.recordManaged(new Managed(link.path(), component, "link", link.target(), origin));
        }
    }

    /** After a file or link was restored to its prior state: who manages the path now, if anyone. */
    private void afterRestore(String component, Version reversed, Step step, Prior prior) {
        String path = step instanceof FileStep f ? f.path() : step instanceof LinkStep l ? l.path() : null;
        if (path == null) {
            return;
        }
        Optional<String> origin = lowerWriter(component, reversed, path);
        if (origin.isPresent() && prior instanceof Prior.FileState f && f.existed()) {
            store.recordManaged(new Managed(path, component, "file", Fingerprints.file(f.content().orElseThrow(), f.mode()), origin.get()));
        } else if (origin.isPresent() && prior instanceof Prior.LinkState l && l.target().isPresent()) {
            store.recordManaged(new Managed(path, component, "link", observer.toHostForm(l.target().get()), origin.get()));
        } else {
            store.forgetManaged(path);
        }
    }

    /** The step of a lower applied version that wrote a path, as {@code component/version/step}. */
    private Optional<String> lowerWriter(String component, Version below, String path) {
        return recorded.component(component).flatMap(rc -> rc.applied().headMap(below, false).descendingMap().values()
                .stream().flatMap(av -> av.up().stream().filter(s -> s.definitionJson().contains("\"path\":\"" + path + "\""))
                        .map(s -> component + "/" + av.version() + "/" + s.stepId()))
                .findFirst());
    }

    private Undo undoApply(ComponentPlan cp, PlannedStep ps, StepContext ctx, Supplier<Prior> before) {
        return new Undo() {
            public boolean last() {
                return ps.step() instanceof ServiceStep s && s.action().reappliesOnReverse();
            }

            public Optional<StepResult> run() {
                Step step = ps.step();
                if (step.kind().equals("check")) {
                    return Optional.empty();
                }
                if (!step.hasInverse()) {
                    return Optional.of(StepResult.failed("step '" + step.id() + "' has no inverse ("
                            + (step instanceof RunStep ? "a run step without down" : "declared irreversible") + ")",
                            "", java.time.Duration.ZERO, 0));
                }
                Prior prior = before.get();
                StepResult r = journaled(cp, ps, ctx, () -> executor.reverse(step, prior, ctx),
                        journalPrior(cp.component(), executor.capture(step, ctx)));
                if (r.succeeded()) {
                    if (ps.phase() == StepPhase.UP) {
                        store.forgetPending(cp.component(), ps.version().toString(), step.id());
                    }
                    afterRestore(cp.component(), ps.version(), step, prior);
                }
                return Optional.of(r);
            }

            public String describe() {
                return ps.describe();
            }
        };
    }

    private Undo undoReverse(ComponentPlan cp, PlannedStep ps, StepContext ctx) {
        return new Undo() {
            public boolean last() {
                return ps.step() instanceof ServiceStep s && s.action().reappliesOnReverse();
            }

            public Optional<StepResult> run() {
                Step step = ps.step();
                StepResult r = journaled(cp, ps, ctx, () -> executor.apply(step, ctx),
                        journalPrior(cp.component(), executor.capture(step, ctx)));
                if (r.succeeded()) {
                    recordManaged(cp.component(), ps, ctx);
                }
                return Optional.of(r);
            }

            public String describe() {
                return ps.describe() + " (re-apply)";
            }
        };
    }

    private StepResult journaled(ComponentPlan cp, PlannedStep ps, StepContext ctx,
                                 java.util.function.Supplier<StepResult> action, Optional<String> priorJson) {
        Step step = ps.step();
        long journal = store.journalStart(new JournalStart(passId, cp.component(), ps.version().toString(), step.id(),
                StepPhase.ROLLBACK.word(), step.kind(), Checksums.canonicalJson(step), Checksums.of(step), priorJson, false));
        StepResult r = masked(action.get());
        store.journalFinish(journal, outcome(r), r.duration(), r.error(), r.outputTail());
        progress.finished(index, total, new PlannedStep(ps.component(), ps.version(), step, ps.operation(),
                StepPhase.ROLLBACK, ps.state(), ps.recordedPrior(), false), r);
        return r;
    }

    private PassOutcome rollBack(Stop stop, String commit) {
        rollingBack = true;
        LOG.warn("{}; rolling back {} change(s) of this pass", stop.reason, undo.size());
        ComponentPlan failed = plan.component(stop.step.component()).orElseThrow();
        Version blockedVersion = failed.desired().orElse(stop.step.version());
        List<Undo> order = new ArrayList<>();
        List<Undo> restarts = new ArrayList<>();
        while (!undo.isEmpty()) {
            Undo u = undo.pop();
            (u.last() ? restarts : order).add(u);
        }
        order.addAll(restarts);
        for (Undo u : order) {
            Optional<StepResult> r;
            try {
                r = u.run();
            } catch (RuntimeException e) {
                r = Optional.of(StepResult.failed(e.getMessage(), "", java.time.Duration.ZERO, 0));
            }
            if (r.isPresent() && !r.get().succeeded()) {
                String reason = stop.reason + "; rollback failed at " + u.describe() + ": "
                        + r.get().error().orElse("failed") + "; the host needs an operator";
                store.block(new Blocked(stop.step.component(), blockedVersion, commit, reason, true, clock.instant()));
                store.finishPass(passId, "failed", reason, changes);
                return PassOutcome.failed(Optional.of(passId), reason);
            }
        }
        store.block(new Blocked(stop.step.component(), blockedVersion, commit, stop.reason, false, clock.instant()));
        String reason = stop.reason + "; rolled back to the versions recorded before the pass";
        changes.clear();
        changes.add(new ChangeRecord(stop.step.component(), failed.recorded().map(Version::toString),
                failed.recorded().map(Version::toString), "rollback"));
        store.finishPass(passId, "rolled_back", reason, changes);
        return PassOutcome.rolledBack(Optional.of(passId), reason);
    }

    boolean isRollingBack() {
        return rollingBack;
    }
}
