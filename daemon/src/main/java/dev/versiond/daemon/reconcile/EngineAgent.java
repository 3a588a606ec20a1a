package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.plan.Action;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.PassRecord;
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
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine as a long-running agent: passes serialised by one lock, a status snapshot kept up to
 * date for the HTTP API and metrics, suspension kept in the state store so a restart does not
 * silently resume, and a stop flag that ends a pass after its running step.
 */
public final class EngineAgent implements Agent {
    static final String SUSPENDED = "suspended";

    private final Reconciler reconciler;
    private final StateStore store;
    private final HostRoot root;
    private final StepExecutor executor;
    private final EngineSettings settings;
    private final Clock clock;
    private final PassListener listener;
    private final ReentrantLock passLock = new ReentrantLock();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private volatile boolean suspended;
    private volatile boolean ready;
    private volatile Phase phase = Phase.IDLE;
    private volatile Optional<Progress> progress = Optional.empty();
    private volatile Optional<RevisionInfo> revision = Optional.empty();
    private volatile Optional<Plan> plan = Optional.empty();
    private volatile Redactor redactor = Redactor.none();
    private volatile Optional<String> lastError = Optional.empty();
    private volatile Optional<Instant> lastSuccess = Optional.empty();
    private volatile Optional<String> progressing = Optional.empty();
    private volatile Optional<Untrusted> untrusted = Optional.empty();

    public EngineAgent(Engine engine, Clock clock, PassListener listener) {
        this.reconciler = engine.reconciler();
        this.store = engine.store();
        this.root = engine.settings().root();
        this.executor = engine.executor();
        this.settings = engine.settings();
        this.clock = clock;
        this.listener = listener;
        this.suspended = store.setting(SUSPENDED).map(Boolean::parseBoolean).orElse(false);
        listener.statusChanged(status());
    }

    @Override
    public PassOutcome sync(String trigger) {
        passLock.lock();
        Instant started = clock.instant();
        try {
            phase = Phase.FETCHING;
            PassReport report = reconciler.pass(trigger, true, suspended, progressSink(), stopRequested::get);
            report.snapshot().flatMap(Snapshot::revision).ifPresent(r -> revision = Optional.of(r));
            report.after().ifPresent(p -> {
                redactor = report.redactor();
                plan = Optional.of(p);
            });
            PassOutcome outcome = report.outcome();
            if (report.untrusted().isPresent()) {
                untrusted = report.untrusted();
                listener.untrusted(report.untrusted().get());
            } else if (!(outcome instanceof PassOutcome.Failed)) {
                untrusted = Optional.empty();
            }
            if (outcome instanceof PassOutcome.Failed f) {
                lastError = Optional.of(report.redactor().mask(f.summary()));
            } else {
                lastError = Optional.empty();
                lastSuccess = Optional.of(clock.instant());
            }
            if (outcome instanceof PassOutcome.RolledBack) {
                listener.rolledBack();
            }
            ready = true;
            listener.passFinished(outcome, Duration.between(started, clock.instant()));
            return outcome;
        } finally {
            phase = Phase.IDLE;
            progress = Optional.empty();
            progressing = Optional.empty();
            passLock.unlock();
            listener.statusChanged(status());
        }
    }

    private ProgressSink progressSink() {
        return new ProgressSink() {
            @Override
            public void started(int index, int total, PlannedStep step) {
                phase = step.phase() == dev.versiond.daemon.plan.StepPhase.ROLLBACK ? Phase.ROLLING_BACK : Phase.APPLYING;
                progressing = Optional.of(step.component());
                progress = Optional.of(new Progress(index, total, step.component(), step.version().toString(), step.step().id()));
            }

            @Override
            public void finished(int index, int total, PlannedStep step, StepResult result) {
                if (step.phase() == dev.versiond.daemon.plan.StepPhase.ROLLBACK) {
                    phase = Phase.ROLLING_BACK;
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
        RecordedState recorded = store.recorded();
        List<ComponentStatus> components = new ArrayList<>();
        Optional<Instant> nextWindow = Optional.empty();
        if (plan.isPresent()) {
            for (ComponentPlan cp : plan.get().components()) {
                components.add(componentStatus(cp, recorded));
                if (cp.action() == Action.WAITING && cp.waitUntil().isPresent()) {
                    Instant until = cp.waitUntil().get();
                    nextWindow = nextWindow.map(n -> n.isBefore(until) ? n : until).or(() -> Optional.of(until));
                }
            }
        } else {
            recorded.components().values().forEach(rc -> components.add(new ComponentStatus(rc.name(),
                    Optional.of(rc.version().toString()), Optional.empty(), ComponentState.SYNCED,
                    Optional.of("recorded; the desired state has not been read yet"), Optional.empty())));
        }
        components.sort(Comparator.comparing(ComponentStatus::name));
        return new AgentStatus(settings.host().name(), settings.host().labels(), ready, suspended, phase, revision,
                nextWindow, progress, lastError, lastSuccess, components, untrusted);
    }

    private ComponentStatus componentStatus(ComponentPlan cp, RecordedState recorded) {
        Optional<String> rec = recorded.component(cp.component()).map(rc -> rc.version().toString());
        Optional<String> desired = cp.desired().map(Version::toString);
        Blocked blocked = recorded.blocked().get(cp.component());
        Optional<String> lastError = Optional.ofNullable(blocked).map(Blocked::reason).map(redactor::mask);
        ComponentState state;
        Optional<String> reason = redactor.mask(cp.reason());
        if (progressing.filter(cp.component()::equals).isPresent()) {
            state = ComponentState.PROGRESSING;
        } else {
            state = switch (cp.action()) {
                case BLOCKED -> blocked != null && blocked.degraded() ? ComponentState.DEGRADED : ComponentState.BLOCKED;
                case WAITING -> ComponentState.WAITING;
                case UPGRADE, DOWNGRADE, CONVERGE -> suspended ? ComponentState.WAITING : ComponentState.OUT_OF_SYNC;
                case NONE, UNMANAGED -> cp.drift().isEmpty() ? ComponentState.SYNCED : ComponentState.OUT_OF_SYNC;
            };
            if (suspended && cp.hasWork()) {
                reason = Optional.of("suspended; " + reason.orElse(cp.action().word()));
            }
        }
        return new ComponentStatus(cp.component(), rec, desired, state, reason, lastError);
    }

    @Override
    public PlanView plan() {
        return plan.map(p -> PlanViews.of(p, root, executor, redactor))
                .orElseGet(() -> new PlanView(settings.host().name(), Optional.empty(), false, List.of()));
    }

    @Override
    public List<PassRecord> history(Optional<String> component, int limit) {
        return store.history(component, limit);
    }

    @Override
    public void suspend() {
        suspended = true;
        store.putSetting(SUSPENDED, "true");
        listener.statusChanged(status());
    }

    @Override
    public void resume() {
        suspended = false;
        store.putSetting(SUSPENDED, "false");
        listener.statusChanged(status());
    }

    @Override
    public void retry(Optional<String> component) {
        OperatorActions.retry(store, component);
        listener.statusChanged(status());
    }
}
