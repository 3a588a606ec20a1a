package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.plan.Action;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.source.Snapshot;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.PassRecord;
import dev.versiond.daemon.state.Reason;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.spec.model.Version;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine as a long-running agent: passes serialised by one lock, a status snapshot kept up to
 * date for the HTTP API and metrics, suspension kept in the state store so a restart does not
 * silently resume, and a stop flag that ends a pass after its running step.
 */
public final class EngineAgent implements Agent {
    static final String SUSPENDED = "suspended";

    private final Reconciler reconciler;
    /** Whether no pass of this process has settled yet; read and written under the pass lock. */
    private boolean firstPass = true;
    private final StateStore store;
    private final HostRoot root;
    private final StepExecutor executor;
    private final EngineSettings settings;
    private final Clock clock;
    private final PassListener listener;
    private final ReentrantLock passLock = new ReentrantLock();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /**
     * Everything the status is computed from, as one value: a pass swaps in a new one, so a reader
     * (the HTTP API, metrics) never sees half an update.
     *
     * @param plan the plan after the last pass, or the plan being carried out while one runs
     * @param progressing the component a running pass is at
     */
    private record State(boolean suspended, boolean ready, Phase phase, Optional<Progress> progress,
                         Optional<Commit> revision, Optional<Plan> plan, Redactor redactor,
                         Optional<String> lastError, Optional<Reason> lastErrorReason, Optional<Instant> lastSuccess,
                         Optional<String> progressing,
                         Optional<Untrusted> untrusted) {
        State phase(Phase p) {
            return new State(suspended, ready, p, progress, revision, plan, redactor, lastError, lastErrorReason, lastSuccess, progressing, untrusted);
        }

        State suspended(boolean s) {
            return new State(s, ready, phase, progress, revision, plan, redactor, lastError, lastErrorReason, lastSuccess, progressing, untrusted);
        }

        State at(Phase p, Optional<String> component, Optional<Progress> at) {
            return new State(suspended, ready, p, at, revision, plan, redactor, lastError, lastErrorReason, lastSuccess, component, untrusted);
        }

        State planned(Plan p) {
            return new State(suspended, ready, phase, progress, revision, Optional.of(p), redactor, lastError, lastErrorReason, lastSuccess,
                    progressing, untrusted);
        }

        State idle() {
            return new State(suspended, ready, Phase.IDLE, Optional.empty(), revision, plan, redactor, lastError, lastErrorReason,
                    lastSuccess, Optional.empty(), untrusted);
        }
    }

    private final AtomicReference<State> state;
    /** The last timed rollback or downgrade of each component, for status. */
    private final java.util.concurrent.ConcurrentSkipListMap<String, ChangeRecord> reversals =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    private final java.util.function.Supplier<Optional<StatusPush>> statusPush;

    public EngineAgent(Engine engine, Clock clock, PassListener listener) {
        this(engine, clock, listener, Optional::empty);
    }

    /** An agent whose status also shows where its status publishing stands. */
    public EngineAgent(Engine engine, Clock clock, PassListener listener,
                       java.util.function.Supplier<Optional<StatusPush>> statusPush) {
        this.statusPush = statusPush;
        this.reconciler = engine.reconciler();
        this.store = engine.store();
        this.root = engine.settings().root();
        this.executor = engine.executor();
        this.settings = engine.settings();
        this.clock = clock;
        this.listener = listener;
        boolean suspended = store.setting(SUSPENDED).map(Boolean::parseBoolean).orElse(false);
        this.state = new AtomicReference<>(new State(suspended, false, Phase.IDLE, Optional.empty(), Optional.empty(),
                Optional.empty(), Redactor.none(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        listener.statusChanged(status());
    }

    @Override
    public PassOutcome sync(String trigger) {
        return pass(trigger, Optional.empty()).outcome();
    }

    /**
     * One pass, as {@link #sync} runs it, returning the whole report; {@code watcher} also sees its
     * progress ({@code apply --once} prints it).
     */
    public PassReport pass(String trigger, Optional<ProgressSink> watcher) {
        passLock.lock();
        Instant started = clock.instant();
        PassReport settled = null;
        try {
            state.updateAndGet(s -> s.phase(Phase.FETCHING));
            PassReport report = reconciler.pass(trigger, true, state.get().suspended(), progressSink(watcher),
                    stopRequested::get);
            settled = report;
            PassOutcome outcome = report.outcome();
            State after = state.updateAndGet(s -> {
                Optional<Commit> revision = report.snapshot().flatMap(Snapshot::commit).or(s::revision);
                Optional<Plan> plan = report.after().isPresent() ? report.after() : s.plan();
                Redactor redactor = report.after().isPresent() ? report.redactor() : s.redactor();
                Optional<Untrusted> untrusted = report.untrusted().isPresent() ? report.untrusted()
                        : outcome instanceof PassOutcome.Failed ? s.untrusted() : Optional.empty();
                boolean failed = outcome instanceof PassOutcome.Failed || outcome instanceof PassOutcome.Degraded;
                Optional<String> lastError = failed ? Optional.of(report.redactor().mask(outcome.summary())) : Optional.empty();
                Optional<Reason> lastErrorReason = outcome instanceof PassOutcome.Failed f ? f.reason() : Optional.empty();
                Optional<Instant> lastSuccess = outcome.succeeded() ? Optional.of(clock.instant()) : s.lastSuccess();
                // Ready and idle in one step: a reader that sees the agent ready never sees the pass still
                // at a component (GET /readyz 200 with a component Progressing).
                return new State(s.suspended(), true, s.phase(), s.progress(), revision, plan, redactor, lastError, lastErrorReason,
                        lastSuccess, s.progressing(), untrusted).idle();
            });
            report.untrusted().ifPresent(listener::untrusted);
            if (outcome instanceof PassOutcome.RolledBack || outcome instanceof PassOutcome.Degraded) {
                listener.rolledBack();
            }
            listener.passFinished(outcome, Duration.between(started, clock.instant()));
            timedReversals(outcome).forEach(r -> {
                reversals.put(r.component(), r);
                listener.reversalTimed(r);
            });
            listener.passPhases(report.phases());
            return report;
        } finally {
            state.updateAndGet(State::idle);
            if (settled != null) {
                // Told the idle status: what the pass left, not where it was last at.
                listener.passSettled(settled, status());
            }
            boolean collect = settled != null && (firstPass
                    || settled.snapshot().flatMap(Snapshot::commit).filter(Commit::fetched).isPresent());
            firstPass = firstPass && settled == null;
            passLock.unlock();
            listener.statusChanged(status());
            if (collect) {
                // A fetch's peak (JGit indexing a pack, walking the objects, the occasional repack) grows
                // with the repository, not with this host's share; a full collection right after it lets
                // the serial collector hand that heap back (MaxHeapFreeRatio in the unit), so the idle
                // agent does not keep the largest fetch's footprint. Once per fetched commit, tens of ms;
                // and after the process's first pass, which read the mirror's pack indexes even when
                // nothing was fetched (the pass let go of them: Source#release).
                System.gc();
            }
        }
    }

    /** The rollbacks and downgrades the pass recorded, with their durations. */
    private List<ChangeRecord> timedReversals(PassOutcome outcome) {
        if (outcome.passId().isEmpty()) {
            return List.of();
        }
        try {
            return store.history(Optional.empty(), 1).stream().filter(p -> p.id() == outcome.passId().get())
                    .flatMap(p -> p.changes().stream()).filter(c -> c.duration().isPresent()).toList();
        } catch (RuntimeException e) {
            return List.of(); // the pass is recorded; a status without its timing is better than no status
        }
    }

    private ProgressSink progressSink(Optional<ProgressSink> watcher) {
        return new ProgressSink() {
            @Override
            public void planned(Plan plan) {
                watcher.ifPresent(w -> w.planned(plan));
                // While the pass runs, status shows where it is going, not where the last pass left the host.
                state.updateAndGet(s -> s.planned(plan));
            }

            @Override
            public void started(int index, int total, PlannedStep step) {
                watcher.ifPresent(w -> w.started(index, total, step));
                Phase phase = step.phase() == dev.versiond.daemon.plan.StepPhase.ROLLBACK ? Phase.ROLLING_BACK : Phase.APPLYING;
                state.updateAndGet(s -> s.at(phase, Optional.of(step.component()), Optional.of(new Progress(index, total,
                        step.component(), step.version().toString(), step.step().id()))));
            }

            @Override
            public void finished(int index, int total, PlannedStep step, StepResult result) {
                watcher.ifPresent(w -> w.finished(index, total, step, result));
                if (step.phase() == dev.versiond.daemon.plan.StepPhase.ROLLBACK) {
                    state.updateAndGet(s -> s.phase(Phase.ROLLING_BACK));
                }
                listener.stepFinished(step.step().kind(), result.outcome().name().toLowerCase(java.util.Locale.ROOT),
                        result.duration());
            }
        };
    }

    /** Asks a running pass to stop after its current step (SIGTERM); later passes do not start. */
    public void requestStop() {
        stopRequested.set(true);
    }

    /** Waits up to {@code grace} for a running pass to end; true when none is running any more. */
    public boolean awaitIdle(Duration grace) {
        try {
            if (passLock.tryLock(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                passLock.unlock();
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public AgentStatus status() {
        State s = state.get();
        RecordedState recorded = store.recorded();
        List<ComponentStatus> components = new ArrayList<>();
        Optional<Instant> nextWindow = Optional.empty();
        if (s.plan().isPresent()) {
            for (ComponentPlan cp : s.plan().get().components()) {
                components.add(componentStatus(s, cp, recorded));
                if (cp.action() == Action.WAITING && cp.waitUntil().isPresent()) {
                    Instant until = cp.waitUntil().get();
                    nextWindow = nextWindow.map(n -> n.isBefore(until) ? n : until).or(() -> Optional.of(until));
                }
            }
        } else {
            recorded.components().values().forEach(rc -> components.add(new ComponentStatus(rc.name(),
                    Optional.of(rc.version().toString()), Optional.empty(), ComponentState.UNKNOWN,
                    Optional.of("recorded; the desired state has not been read yet"), Optional.empty())));
        }
        components.sort(Comparator.comparing(ComponentStatus::name));
        return new AgentStatus(settings.host().name(), settings.host().labels(), s.ready(), s.suspended(), s.phase(),
                s.revision(), nextWindow, s.progress(), s.lastError(), s.lastSuccess(), components, s.untrusted(),
                List.copyOf(reversals.values()), s.plan().flatMap(Plan::commit), recorded.lastAppliedCommit(),
                s.plan().map(Plan::targets).orElse(List.of()), statusPush.get(), stale(s.revision()), s.lastErrorReason());
    }

    /** A commit older than {@code max-commit-age}: the remote may keep serving an old, validly signed commit. */
    private Optional<String> stale(Optional<Commit> revision) {
        if (settings.maxCommitAge().isEmpty() || revision.isEmpty()) {
            return Optional.empty();
        }
        Duration age = Duration.between(revision.get().committedAt(), clock.instant());
        if (age.compareTo(settings.maxCommitAge().get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of("the commit served (" + revision.get().shortId() + ") is " + age.toMinutes()
                + " min old, over max-commit-age " + dev.versiond.spec.model.Durations.format(settings.maxCommitAge().get())
                + ": the remote may be frozen on an old commit, or nobody committed for that long");
    }

    private static ComponentStatus componentStatus(State s, ComponentPlan cp, RecordedState recorded) {
        Optional<String> rec = recorded.component(cp.component()).map(rc -> rc.version().toString());
        Optional<String> desired = cp.desired().map(Version::toString);
        Blocked blocked = recorded.blocked().get(cp.component());
        Optional<String> lastError = Optional.ofNullable(blocked).map(Blocked::reason).map(s.redactor()::mask);
        ComponentState state;
        Optional<String> reason = s.redactor().mask(cp.reason());
        Optional<Reason> code = cp.code();
        if (s.progressing().filter(cp.component()::equals).isPresent()) {
            state = ComponentState.PROGRESSING;
        } else {
            state = switch (cp.action()) {
                case BLOCKED -> ComponentState.BLOCKED;
                case DEGRADED -> ComponentState.DEGRADED;
                case WAITING -> code.filter(Reason.ROLLOUT_HALTED::equals).isPresent() ? ComponentState.HALTED
                        : ComponentState.WAITING;
                case UPGRADE, DOWNGRADE, CONVERGE -> s.suspended() ? ComponentState.WAITING : ComponentState.OUT_OF_SYNC;
                case NONE, UNMANAGED -> cp.drift().isEmpty() ? ComponentState.SYNCED : ComponentState.OUT_OF_SYNC;
            };
            if (s.suspended() && cp.hasWork()) {
                reason = Optional.of("suspended; " + reason.orElse(cp.action().word()));
                code = Optional.of(Reason.SUSPENDED);
            }
        }
        return new ComponentStatus(cp.component(), rec, desired, state, reason, lastError, code);
    }

    @Override
    public PlanView plan() {
        State s = state.get();
        return s.plan().map(p -> PlanViews.of(p, root, executor, s.redactor()))
                .orElseGet(() -> new PlanView(settings.host().name(), Optional.empty(), false, List.of()));
    }

    @Override
    public List<PassRecord> history(Optional<String> component, int limit) {
        return store.history(component, limit);
    }

    @Override
    public void suspend() {
        state.updateAndGet(s -> s.suspended(true));
        store.putSetting(SUSPENDED, "true");
        listener.statusChanged(status());
    }

    @Override
    public void resume() {
        state.updateAndGet(s -> s.suspended(false));
        store.putSetting(SUSPENDED, "false");
        listener.statusChanged(status());
    }

    @Override
    public void retry(Optional<String> component) {
        OperatorActions.retry(store, component);
        listener.statusChanged(status());
    }
}
