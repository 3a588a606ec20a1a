package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.HostObserver;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.plan.PlanInput;
import dev.versiond.daemon.plan.Observed;
import dev.versiond.daemon.plan.Planner;
import dev.versiond.daemon.plan.RolloutTally;
import dev.versiond.daemon.plan.TargetPlacement;
import dev.versiond.daemon.prometheus.PrometheusQuery;
import dev.versiond.daemon.state.Reason;
import dev.versiond.daemon.source.DesiredSource;
import dev.versiond.daemon.source.Snapshot;
import dev.versiond.daemon.source.UntrustedCommitException;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.secret.ResolvedConfig;
import dev.versiond.daemon.state.OpenRollback;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.Share;
import dev.versiond.spec.load.ShareLoad;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.model.DesiredComponent;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Target;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile pass: read the desired state, refuse a commit that rewrote history, load and
 * validate this host's share of it (its targets, the components they name and what those depend
 * on; the rest of the repository is not parsed), observe the host, plan, and (when asked and not
 * held back) execute. The one boundary where exceptions become outcomes: {@link #pass} never throws.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final EngineSettings settings;
    private final DesiredSource source;
    private final StateStore store;
    private final StepExecutor executor;
    private final SpecLoader loader;
    private final Planner planner = new Planner();
    private final HostObserver observer;
    private final Clock clock;
    private final FleetStatus fleet;
    private final ShareBudget budget;
    private final GateAnalysis analysis;
    /** The last applied commit this host's own status reported, read once on a fresh state directory. */
    private Optional<String> reportedLastApplied;

    public Reconciler(EngineSettings settings, DesiredSource source, StateStore store, StepExecutor executor,
                      SpecLoader loader, Clock clock) {
        this(settings, source, store, executor, loader, clock, FleetStatus.NONE);
    }

    /** A reconciler that reads the fleet's status (wave gates, this host's last reported commit). */
    public Reconciler(EngineSettings settings, DesiredSource source, StateStore store, StepExecutor executor,
                      SpecLoader loader, Clock clock, FleetStatus fleet) {
        this(settings, source, store, executor, loader, clock, fleet, ShareBudget.ofThisJvm());
    }

    /** A reconciler whose share of the desired state may come to at most {@code budget}. */
    public Reconciler(EngineSettings settings, DesiredSource source, StateStore store, StepExecutor executor,
                      SpecLoader loader, Clock clock, FleetStatus fleet, ShareBudget budget) {
        this.fleet = fleet;
        this.budget = budget;
        this.analysis = new GateAnalysis(new PrometheusQuery(), settings.host().name());
        this.settings = settings;
        this.source = source;
        this.store = store;
        this.executor = executor;
        this.loader = loader;
        this.observer = new HostObserver(settings.root());
        this.clock = clock;
        int interrupted = store.closeInterruptedPasses();
        if (interrupted > 0) {
            LOG.warn("{} pass(es) were interrupted by a stop or crash; the journal is kept and the next pass resumes", interrupted);
        }
    }

    /**
     * Runs one pass.
     *
     * @param apply whether to execute the plan (false: plan only)
     * @param suspended whether applying is suspended (the pass still plans)
     * @param stopRequested polled between steps: a stop ends the pass after the running step
     */
    public PassReport pass(String trigger, boolean apply, boolean suspended, ProgressSink progress,
                           BooleanSupplier stopRequested) {
        PhaseTimes.Stopwatch watch = new PhaseTimes.Stopwatch(System::nanoTime);
        PassReport report;
        try {
            report = run(watch, trigger, apply, suspended, progress, stopRequested);
        } finally {
            source.passOver();
        }
        PhaseTimes times = watch.times();
        report.outcome().passId().ifPresent(id -> recordPhases(id, times));
        return report.withPhases(times);
    }

    /** Kept with the pass's history row; losing them must not fail a pass that has already run. */
    private void recordPhases(long passId, PhaseTimes times) {
        try {
            store.recordPhases(passId, times.seconds());
        } catch (VersiondException e) {
            LOG.warn("could not record the phase times of pass {}: {}", passId, e.getMessage());
        }
    }

    private PassReport run(PhaseTimes.Stopwatch watch, String trigger, boolean apply, boolean suspended,
                           ProgressSink progress, BooleanSupplier stopRequested) {
        Optional<Snapshot> snapshot = Optional.empty();
        Redactor redactor = Redactor.none();
        try {
            long readStarted = System.nanoTime();
            Snapshot snap = source.read();
            Duration read = Duration.ofNanos(System.nanoTime() - readStarted);
            watch.add(PassPhase.LS_REMOTE, snap.poll().lsRemote());
            watch.add(PassPhase.FETCH, snap.poll().fetch());
            // The rest of the read is listing the commit's tree, the start of loading it.
            Duration listing = read.minus(snap.poll().lsRemote()).minus(snap.poll().fetch());
            watch.add(PassPhase.LOAD, listing.isNegative() ? Duration.ZERO : listing);
            snapshot = Optional.of(snap);
            RecordedState recorded = store.recorded();
            Snapshot fetched = snap;
            try {
                snap = watch.time(PassPhase.VERIFY, () -> source.verify(fetched, recorded.lastAppliedCommit()));
            } catch (UntrustedCommitException e) {
                LOG.warn("{}", e.getMessage());
                return PassReport.refused(new Untrusted(e.commit(), e.reason(), Untrusted.SIGNATURE), snapshot);
            }
            snapshot = Optional.of(snap);
            Snapshot verified = snap;
            Optional<String> replay = watch.time(PassPhase.VERIFY, () -> replayProblem(verified, recorded));
            if (replay.isPresent()) {
                LOG.warn("refusing commit {}: {}", snap.commit().get().id(), replay.get());
                return PassReport.refused(new Untrusted(snap.commit().get().id(), replay.get(), Untrusted.NON_DESCENDANT),
                        snapshot);
            }
            DesiredState desired = watch.time(PassPhase.LOAD, () -> load(verified));
            Resolution secrets = watch.time(PassPhase.PLAN, () -> resolve(desired));
            redactor = secrets.redactor();
            Plan plan = watch.time(PassPhase.PLAN, () -> plan(desired, recorded, verified, secrets));
            Optional<OpenRollback> open = apply ? store.openRollback() : Optional.empty();
            if (apply && open.isEmpty() && !plan.hasChanges() && !store.pointComponents().isEmpty()) {
                // A pass was cut short after its last step: the host is where the desired state says,
                // so that chain is over (a later failure must not roll back to its starting point).
                store.endChain(snap.commit().map(c -> c.id()));
            }
            if (!apply || !plan.hasWork() && open.isEmpty()) {
                return new PassReport(idle(plan, false), Optional.of(plan), Optional.of(plan), snapshot, redactor);
            }
            if (suspended && open.isEmpty()) {
                return new PassReport(idle(plan, true), Optional.of(plan), Optional.of(plan), snapshot, redactor);
            }
            // Passes never overlap and this process owns the state directory: a pass still open now
            // was cut short (a crash, or a state store that failed while the pass ran).
            store.closeInterruptedPasses();
            progress.planned(plan);
            PassExecution execution = new PassExecution(store, executor, settings.root(), plan, desired, recorded, clock,
                    progress, stopRequested, settings.env(), redactor, secrets.sensitive());
            // A rollback a dead process left open is finished before anything else, even when suspended:
            // until then the host is between versions.
            PassOutcome outcome = watch.time(PassPhase.EXECUTE,
                    () -> open.isPresent() ? execution.resume(open.get()) : execution.run(trigger));
            Plan after = watch.time(PassPhase.RECORD, () -> plan(desired, store.recorded(), verified, secrets));
            return new PassReport(outcome, Optional.of(plan), Optional.of(after), snapshot, redactor);
        } catch (ShareTooLarge e) {
            LOG.error("{}", e.getMessage());
            return PassReport.failedEarly(PassOutcome.failed(Optional.empty(), e.getMessage(), e.code(),
                    Reason.SHARE_TOO_LARGE), snapshot);
        } catch (VersiondException e) {
            String message = redactor.mask(e.getMessage());
            LOG.warn("pass failed: {}", message);
            return PassReport.failedEarly(PassOutcome.failed(Optional.empty(), message, e.code()), snapshot);
        } catch (RuntimeException e) {
            String message = redactor.mask(String.valueOf(e));
            LOG.error("pass failed unexpectedly: {}", message);
            return PassReport.failedEarly(PassOutcome.failed(Optional.empty(), "internal error: " + message), snapshot);
        }
    }

    /**
     * The secrets of one pass: each selected component's config with its references resolved, the
     * problems that block a component, the values to mask, and which components' renderings are
     * sensitive (their file priors are kept out of the state store).
     */
    private record Resolution(Map<String, Map<String, Object>> configs, Map<String, String> problems,
                              Redactor redactor, Set<String> sensitive) {
    }

    private Resolution resolve(DesiredState desired) {
        Map<String, Map<String, Object>> configs = new HashMap<>();
        Map<String, String> problems = new HashMap<>();
        Set<String> values = new HashSet<>();
        Set<String> sensitive = new HashSet<>();
        for (Target t : desired.targetsFor(settings.host().name(), settings.host().labels())) {
            for (DesiredComponent dc : t.components().values()) {
                if (configs.containsKey(dc.component())) {
                    continue; // a second target naming it is a conflict the planner reports
                }
                ResolvedConfig rc = settings.secrets().resolve(dc.config());
                configs.put(dc.component(), rc.config());
                values.addAll(rc.secrets());
                if (rc.isSensitive()) {
                    sensitive.add(dc.component());
                }
                rc.problem().ifPresent(p -> problems.put(dc.component(), "secret not available: " + p));
            }
        }
        return new Resolution(configs, problems, Redactor.of(values), sensitive);
    }

    private Optional<String> replayProblem(Snapshot snap, RecordedState recorded) {
        if (snap.commit().isEmpty() || settings.allowNonDescendant()) {
            return Optional.empty();
        }
        boolean fromStatus = recorded.lastAppliedCommit().isEmpty();
        Optional<String> lastApplied = fromStatus ? reportedLastApplied() : recorded.lastAppliedCommit();
        if (lastApplied.isEmpty()) {
            return Optional.empty();
        }
        String commit = snap.commit().get().id();
        String last = lastApplied.get();
        if (commit.equals(last) || source.isDescendant(commit, last)) {
            return Optional.empty();
        }
        return Optional.of("it does not descend from " + abbreviate(last)
                + (fromStatus ? ", the last commit this host applied as its own status in the status repository says "
                + "(the state directory was wiped, and an older commit is being served)"
                : ", the last commit applied on this host (history was rewritten by a force-push, or an older "
                + "commit is being replayed)") + "; allow it explicitly with allow-non-descendant in the agent config");
    }

    /** Read once per process: a fresh state directory asks the status repository what this host applied last. */
    private Optional<String> reportedLastApplied() {
        if (reportedLastApplied == null) {
            reportedLastApplied = fleet.lastApplied();
        }
        return reportedLastApplied;
    }

    /** The desired state refused before it is parsed: this host's share would not fit the heap. */
    private static final class ShareTooLarge extends VersiondException {
        ShareTooLarge(String message) {
            super(ErrorCode.SPEC_INVALID, message);
        }
    }

    private DesiredState load(Snapshot snap) {
        ShareLoad share = loader.loadShare(snap.tree(), new Share(settings.host().name(), settings.host().labels(),
                budget.maxBytes()));
        if (share.tooLarge().isPresent()) {
            throw new ShareTooLarge("desired state at " + snap.tree().describe() + " refused, nothing applied: "
                    + budget.explain(share.tooLarge().get()));
        }
        LoadResult result = share.result();
        for (Diagnostic d : result.diagnostics()) {
            if (!d.isError()) {
                LOG.debug("{}", d);
            }
        }
        if (result.hasErrors()) {
            String first = result.diagnostics().stream().filter(Diagnostic::isError).limit(5)
                    .map(Diagnostic::toString).collect(Collectors.joining("\n  "));
            throw new VersiondException(ErrorCode.SPEC_INVALID, "desired state at "
                    + snap.tree().describe() + " has " + result.errorCount() + " error(s); nothing applied:\n  " + first);
        }
        return result.state().orElseThrow();
    }

    private Plan plan(DesiredState desired, RecordedState recorded, Snapshot snap, Resolution secrets) {
        Set<String> paths = new TreeSet<>(recorded.managed().keySet());
        for (Target t : desired.targetsFor(settings.host().name(), settings.host().labels())) {
            for (DesiredComponent dc : t.components().values()) {
                desired.component(dc.component()).ifPresent(c -> c.config().files().stream().map(FileStep::path).forEach(paths::add));
            }
        }
        Observed observed = observer.observe(paths);
        PlanInput first = new PlanInput(desired, recorded, settings.host(), observed, snap.commit(), clock.instant(),
                secrets.configs(), secrets.problems(), settings.root().allowed());
        Plan plan = planner.plan(first);
        // The fleet is asked only when a gate decides: a host with nothing to do, or still in its
        // wave's bake, costs the status repository nothing.
        Set<String> gated = plan.components().stream().filter(c -> c.code().filter(Reason.WAVE_GATE_CLOSED::equals).isPresent())
                .map(ComponentPlan::component).collect(Collectors.toSet());
        if (gated.isEmpty() || snap.commit().isEmpty()) {
            return plan;
        }
        Map<String, RolloutTally> tallies = new HashMap<>();
        String commit = snap.commit().get().id();
        for (TargetPlacement t : plan.targets()) {
            if (t.components().stream().anyMatch(gated::contains)) {
                fleet.tally(t.target(), commit, t.wave()).ifPresent(tally -> tallies.put(t.target(), tally));
            }
        }
        Map<String, String> analysisFailures = analysis.failures(plan.targets(), desired.targets(), commit, tallies);
        return planner.plan(new PlanInput(desired, recorded, settings.host(), observed, snap.commit(), clock.instant(),
                secrets.configs(), secrets.problems(), settings.root().allowed(), tallies, analysisFailures));
    }

    private static PassOutcome idle(Plan plan, boolean suspended) {
        if (plan.hasWork() && suspended) {
            return PassOutcome.waiting(Optional.empty(), "suspended: changes are planned but not applied until resume");
        }
        if (plan.hasChanges()) {
            return PassOutcome.waiting(Optional.empty(), plan.components().stream()
                    .filter(c -> c.hasWork() || c.reason().isPresent() && !c.action().name().equals("NONE"))
                    .map(Reconciler::line).collect(Collectors.joining("; ")));
        }
        return PassOutcome.noChange(Optional.empty(), "in sync");
    }

    private static String line(ComponentPlan c) {
        return c.component() + ": " + c.reason().orElse(c.action().word());
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
