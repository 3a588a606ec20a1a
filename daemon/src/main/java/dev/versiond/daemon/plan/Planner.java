package dev.versiond.daemon.plan;

import dev.versiond.daemon.plan.PlannedStep.Operation;
import dev.versiond.daemon.plan.PlannedVersion.Direction;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.state.AppliedStep;
import dev.versiond.daemon.state.AppliedVersion;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.Managed;
import dev.versiond.daemon.state.PendingStep;
import dev.versiond.daemon.state.Reason;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.Dependency;
import dev.versiond.spec.model.DesiredComponent;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.StepCodec;
import dev.versiond.spec.model.Target;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.template.Templates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins the desired state with what the host recorded into a {@link Plan}. Pure: the same input
 * gives the same plan, and nothing is read or written.
 *
 * <ul>
 *   <li>desired above recorded: every declared version in (recorded, desired], ascending;
 *   <li>desired below recorded: every applied version in (desired, recorded], newest first, from the
 *       definitions recorded when they were applied;
 *   <li>equal: config files converge, drift is healed when the target asks for it.
 * </ul>
 * A component is blocked by a checksum mismatch, a revision that failed at this commit, or an
 * irreversible step in the way; it waits for a closed window, its rollout wave, or a dependency.
 */
public final class Planner {

    /** Computes the plan. */
    public Plan plan(PlanInput in) {
        Map<String, Selected> selected = select(in);
        List<String> order = dependencyOrder(in, selected.keySet());
        Map<String, Optional<Version>> projected = new HashMap<>();
        in.recorded().components().forEach((name, rc) -> projected.put(name, Optional.of(rc.version())));

        Map<String, ComponentPlan> plans = new LinkedHashMap<>();
        for (String name : order) {
            ComponentPlan plan = planComponent(in, name, selected.get(name), projected);
            plans.put(name, plan);
            if (plan.hasWork() && plan.desired().isPresent() && !plan.versions().isEmpty()) {
                projected.put(name, plan.desired());
            }
        }
        for (RecordedComponent rc : in.recorded().components().values()) {
            if (!selected.containsKey(rc.name())) {
                plans.put(rc.name(), new ComponentPlan(rc.name(), Optional.of(rc.version()), Optional.empty(),
                        Action.UNMANAGED, Optional.of("no target names this component for this host; left as recorded"),
                        List.of(), List.of(), List.of(), drift(in, rc.name()), Map.of(), Optional.empty(), commitId(in)));
            }
        }

        // Downgrades run first, dependents before what they depend on; everything else in dependency order.
        List<ComponentPlan> ordered = new ArrayList<>();
        List<ComponentPlan> downgrades = new ArrayList<>();
        for (ComponentPlan p : plans.values()) {
            (p.action() == Action.DOWNGRADE ? downgrades : ordered).add(p);
        }
        java.util.Collections.reverse(downgrades);
        List<ComponentPlan> all = new ArrayList<>(downgrades);
        all.addAll(ordered);
        return new Plan(in.host(), in.commit(), all, placements(in));
    }

    private static List<TargetPlacement> placements(PlanInput in) {
        List<TargetPlacement> out = new ArrayList<>();
        for (Target target : in.desired().targetsFor(in.host().name(), in.host().labels())) {
            int wave = target.rollout().map(r -> Waves.waveOf(in.host().name(), r)).orElse(0);
            out.add(new TargetPlacement(target.name(), wave, target.components().values().stream()
                    .map(DesiredComponent::component).sorted().toList(), target.rollout()));
        }
        return out;
    }

    /** The target entry that names a component for this host. */
    private record Selected(Target target, DesiredComponent desired, Optional<String> conflict) {
    }

    private static Map<String, Selected> select(PlanInput in) {
        Map<String, Selected> selected = new LinkedHashMap<>();
        for (Target target : in.desired().targetsFor(in.host().name(), in.host().labels())) {
            for (DesiredComponent dc : target.components().values()) {
                Selected first = selected.get(dc.component());
                if (first == null) {
                    selected.put(dc.component(), new Selected(target, dc, Optional.empty()));
                } else if (first.conflict().isEmpty()) {
                    selected.put(dc.component(), new Selected(first.target(), first.desired(), Optional.of(
                            "named by both target '" + first.target().name() + "' and target '" + target.name()
                                    + "' for this host; fix the selectors so one target names it")));
                }
            }
        }
        return selected;
    }

    /** Components in dependency order (what is depended on first); ties by name. */
    private static List<String> dependencyOrder(PlanInput in, Set<String> names) {
        Map<String, Set<String>> deps = new HashMap<>();
        for (String name : names) {
            Set<String> of = new TreeSet<>();
            in.desired().component(name).ifPresent(c -> c.dependsOn().forEach(d -> {
                if (names.contains(d.component())) {
                    of.add(d.component());
                }
            }));
            deps.put(name, of);
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String name : new TreeSet<>(names)) {
            visit(name, deps, done, visiting, order);
        }
        return order;
    }

    private static void visit(String name, Map<String, Set<String>> deps, Set<String> done, Set<String> visiting,
                              List<String> order) {
        if (done.contains(name) || !visiting.add(name)) {
            return; // a cycle is a validation error; here it is simply cut
        }
        for (String dep : deps.getOrDefault(name, Set.of())) {
            visit(dep, deps, done, visiting, order);
        }
        visiting.remove(name);
        done.add(name);
        order.add(name);
    }

    private ComponentPlan planComponent(PlanInput in, String name, Selected sel, Map<String, Optional<Version>> projected) {
        Optional<RecordedComponent> rc = in.recorded().component(name);
        Optional<Version> recorded = rc.map(RecordedComponent::version);
        Version desired = sel.desired().version();
        Component component = in.desired().component(name).orElse(null);
        Map<String, Object> config = in.configs().getOrDefault(name, sel.desired().config());
        Map<String, Object> context = Templates.context(name, desired.toString(), in.host().name(), config);
        List<Drift> drift = drift(in, name);
        Builder b = new Builder(name, recorded, Optional.of(desired), context, drift, commitId(in));

        if (component == null) {
            return b.blocked(Reason.NOT_DECLARED, "target '" + sel.target().name() + "' names component '" + name + "', which is not in the repository");
        }
        if (sel.conflict().isPresent()) {
            return b.blocked(Reason.TARGET_CONFLICT, sel.conflict().get());
        }
        String configProblem = in.configProblems().get(name);
        if (configProblem != null) {
            return b.blocked(Reason.SECRET_MISSING, configProblem);
        }
        Optional<String> mismatch = rc.flatMap(r -> checksumMismatch(component, r));
        if (mismatch.isPresent()) {
            return b.blocked(Reason.CHECKSUM_MISMATCH, mismatch.get());
        }
        Blocked blocked = in.recorded().blocked().get(name);
        if (blocked != null && blocked.version().equals(desired)
                && in.commit().map(c -> c.id().equals(blocked.commit())).orElse(false)) {
            if (blocked.degraded()) {
                return b.degraded(blocked.code(), desired + " failed at commit " + abbreviate(blocked.commit()) + " and "
                        + "the host is not healthy: " + blocked.reason() + "; fix the host, then `versiond retry` or a new commit");
            }
            return b.blocked(Reason.FAILED_AT_COMMIT, desired + " failed at commit " + abbreviate(blocked.commit()) + ": " + blocked.reason()
                    + "; not retried until a new commit or `versiond retry`");
        }

        try {
            if (recorded.isEmpty() || desired.isAfter(recorded.get())) {
                Optional<String> unmet = unmetDependency(component, projected);
                if (unmet.isPresent()) {
                    return b.waiting(Reason.DEPENDENCY_NOT_READY, unmet.get(), Optional.empty());
                }
                b.versions.addAll(upgrade(in, component, recorded, desired));
                if (b.versions.isEmpty()) {
                    return b.blocked(Reason.NOT_DECLARED, "version " + desired + " is not declared in components/" + name + "/migrations");
                }
            } else if (desired.isBefore(recorded.get())) {
                b.versions.addAll(downgrade(component, rc.get(), desired, in.recorded().reversed()));
            }
            b.versions.addAll(0, cleanup(in, component.name(), b.versions));
            converge(in, component, sel.target(), context, b);
        } catch (Refusal r) {
            return b.blocked(r.reason, r.getMessage());
        } catch (VersiondException e) {
            return b.blocked(Reason.DEFINITION_INVALID, e.getMessage());
        }
        ComponentPlan plan = b.build();
        Optional<String> outside = plan.steps().stream().map(ps -> in.allowedRoots().violation(ps.step()))
                .flatMap(Optional::stream).findFirst();
        if (outside.isPresent()) {
            return b.blocked(Reason.PATH_NOT_ALLOWED, outside.get());
        }
        if (!plan.hasWork()) {
            return plan;
        }
        return holdBack(in, sel.target(), b).orElse(plan);
    }

    private static Optional<String> commitId(PlanInput in) {
        return in.commit().map(Commit::id);
    }

    // ---- upgrade -------------------------------------------------------------------------------

    private static List<PlannedVersion> upgrade(PlanInput in, Component component, Optional<Version> from, Version to) {
        List<Migration> migrations = component.between(from, to);
        if (migrations.isEmpty() || !migrations.get(migrations.size() - 1).version().equals(to)) {
            return List.of();
        }
        List<PlannedVersion> versions = new ArrayList<>();
        List<PlannedStep> preflight = new ArrayList<>();
        for (Migration m : migrations) {
            m.preflight().forEach(s -> preflight.add(apply(component.name(), m.version(), s, StepPhase.PREFLIGHT, Optional.empty())));
            // A snapshot step adds its own preflight: room for the capture, checked before anything changes.
            m.up().stream().filter(SnapshotStep.class::isInstance).map(s -> ((SnapshotStep) s).spaceCheck())
                    .forEach(s -> preflight.add(apply(component.name(), m.version(), s, StepPhase.PREFLIGHT, Optional.empty())));
        }
        for (Migration m : migrations) {
            List<PlannedStep> steps = new ArrayList<>();
            if (versions.isEmpty()) {
                steps.addAll(preflight); // every preflight runs before anything changes
            }
            for (Step s : m.up()) {
                String key = RecordedState.stepKey(component.name(), m.version().toString(), s.id());
                steps.add(apply(component.name(), m.version(), s, StepPhase.UP,
                        Optional.ofNullable(in.recorded().pending().get(key)).flatMap(PendingStep::priorJson)));
            }
            m.verify().forEach(s -> steps.add(apply(component.name(), m.version(), s, StepPhase.VERIFY, Optional.empty())));
            versions.add(new PlannedVersion(m.version(), Direction.UP, steps, m.down()));
        }
        return versions;
    }

    private static PlannedStep apply(String component, Version version, Step step, StepPhase phase, Optional<String> prior) {
        return new PlannedStep(component, version, step, Operation.APPLY, phase, StepState.PENDING, prior, false);
    }

    private static Optional<String> unmetDependency(Component component, Map<String, Optional<Version>> projected) {
        for (Dependency d : component.dependsOn()) {
            Optional<Version> at = projected.getOrDefault(d.component(), Optional.empty());
            if (at.isEmpty() || !d.constraint().isSatisfiedBy(at.get())) {
                return Optional.of("waits for " + d.component() + " " + d.constraint() + " (it is at "
                        + at.map(Version::toString).orElse("nothing") + ")");
            }
        }
        return Optional.empty();
    }

    // ---- downgrade -----------------------------------------------------------------------------

    /**
     * The reversals from recorded down to {@code to}, newest first. Steps a downgrade cut short by a
     * crash already reversed are left out: a finished step never runs twice in the same direction.
     */
    private static List<PlannedVersion> downgrade(Component component, RecordedComponent rc, Version to,
                                                  Set<String> reversed) {
        if (!rc.applied().containsKey(to) && rc.applied().headMap(to, false).isEmpty()) {
            AppliedVersion lowest = rc.applied().isEmpty() ? null : rc.applied().firstEntry().getValue();
            if (lowest != null && lowest.baseline()) {
                throw new Refusal(Reason.BASELINED, "cannot downgrade to " + to + ": this host was baselined at " + lowest.version()
                        + " and has no recorded steps below it");
            }
        }
        List<PlannedVersion> versions = new ArrayList<>();
        for (AppliedVersion av : rc.applied().tailMap(to, false).descendingMap().values()) {
            String origin = "recorded " + component.name() + " " + av.version();
            if (av.baseline()) {
                throw new Refusal(Reason.BASELINED, "cannot downgrade below " + av.version() + ": it was baselined (recorded as present "
                        + "without its steps), so there is nothing recorded to reverse");
            }
            List<PlannedStep> steps = new ArrayList<>();
            if (!av.down().isEmpty()) {
                for (AppliedStep s : av.down()) {
                    if (reversed.contains(RecordedState.reversedKey(component.name(), av.version().toString(), AppliedStep.DOWN, s.stepId()))) {
                        continue;
                    }
                    steps.add(new PlannedStep(component.name(), av.version(), StepCodec.decode(s.definitionJson(), origin),
                            Operation.APPLY, StepPhase.DOWN, stateInGit(component, av.version(), s), Optional.empty(), false));
                }
            } else {
                List<PlannedStep> deferred = new ArrayList<>();
                List<AppliedStep> up = new ArrayList<>(av.up());
                java.util.Collections.reverse(up);
                for (AppliedStep s : up) {
                    if (reversed.contains(RecordedState.reversedKey(component.name(), av.version().toString(), AppliedStep.UP, s.stepId()))) {
                        continue;
                    }
                    Step step = StepCodec.decode(s.definitionJson(), origin);
                    if (!step.hasInverse()) {
                        throw new Refusal(Reason.IRREVERSIBLE, "cannot downgrade " + component.name() + " below " + av.version() + ": step '"
                                + step.id() + "' has no inverse (" + (step.common().irreversible() ? "declared irreversible"
                                : "a run step without down") + "); roll forward with a new version instead");
                    }
                    PlannedStep reverse = new PlannedStep(component.name(), av.version(), step, Operation.REVERSE,
                            StepPhase.DOWN, stateInGit(component, av.version(), s), s.priorJson(), false);
                    // A restart or reload is reversed after the files and links it picked up are restored.
                    (step instanceof ServiceStep ss && ss.action().reappliesOnReverse() ? deferred : steps).add(reverse);
                }
                steps.addAll(deferred);
            }
            versions.add(new PlannedVersion(av.version(), Direction.DOWN, steps, List.of()));
        }
        // After the last reversal, the target version's verify checks (when Git still declares them).
        component.migration(to).ifPresent(m -> {
            if (!versions.isEmpty() && !m.verify().isEmpty()) {
                PlannedVersion last = versions.remove(versions.size() - 1);
                List<PlannedStep> steps = new ArrayList<>(last.steps());
                m.verify().forEach(s -> steps.add(apply(component.name(), to, s, StepPhase.VERIFY, Optional.empty())));
                versions.add(new PlannedVersion(last.version(), Direction.DOWN, steps, List.of()));
            }
        });
        return versions;
    }

    /**
     * Reverses, newest first, the steps an interrupted pass started for versions that this plan does
     * not upgrade through (the target moved on while the host was between versions), so the host is
     * back at its recorded version before anything else runs.
     */
    private static List<PlannedVersion> cleanup(PlanInput in, String component, List<PlannedVersion> planned) {
        Set<String> reapplied = new HashSet<>();
        planned.stream().filter(v -> v.direction() == Direction.UP).forEach(v -> reapplied.add(v.version().toString()));
        List<PendingStep> leftovers = in.recorded().pending().values().stream()
                .filter(p -> p.component().equals(component) && !reapplied.contains(p.version()))
                .sorted(Comparator.comparingLong(PendingStep::journalId).reversed())
                .toList();
        Map<String, List<PlannedStep>> byVersion = new LinkedHashMap<>();
        Map<String, List<PlannedStep>> restarts = new LinkedHashMap<>();
        for (PendingStep p : leftovers) {
            Version version = Version.parse(p.version());
            Step step = StepCodec.decode(p.definitionJson(), "interrupted " + component + " " + p.version());
            if (!step.hasInverse()) {
                throw new Refusal(Reason.IRREVERSIBLE, "an interrupted pass left step '" + step.id() + "' of " + component + " " + version
                        + " applied, and it has no inverse; restore the host by hand, then run `versiond repair`");
            }
            PlannedStep reverse = new PlannedStep(component, version, step, Operation.REVERSE, StepPhase.CLEANUP,
                    StepState.PENDING, p.priorJson(), false);
            boolean last = step instanceof ServiceStep ss && ss.action().reappliesOnReverse();
            (last ? restarts : byVersion).computeIfAbsent(p.version(), v -> new ArrayList<>()).add(reverse);
        }
        restarts.forEach((v, steps) -> byVersion.computeIfAbsent(v, k -> new ArrayList<>()).addAll(steps));
        List<PlannedVersion> versions = new ArrayList<>();
        byVersion.forEach((v, steps) -> versions.add(new PlannedVersion(Version.parse(v), Direction.CLEANUP, steps, List.of())));
        return versions;
    }

    private static StepState stateInGit(Component component, Version version, AppliedStep recorded) {
        return component.migration(version).map(m -> StepState.PENDING).orElse(StepState.MISSING_IN_GIT);
    }

    /**
     * The first difference between what was applied and what Git declares now, for every applied
     * version Git still declares. Versions gone from Git are not a mismatch (they are reversed from
     * their recorded definitions).
     */
    private static Optional<String> checksumMismatch(Component component, RecordedComponent rc) {
        for (AppliedVersion av : rc.applied().values()) {
            Optional<Migration> m = component.migration(av.version());
            if (av.baseline() || m.isEmpty()) {
                continue;
            }
            Optional<String> up = compare(component.name(), av.version(), "up", av.up(), m.get().up());
            if (up.isPresent()) {
                return up;
            }
            Optional<String> down = compare(component.name(), av.version(), "down", av.down(), m.get().down());
            if (down.isPresent()) {
                return down;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> compare(String component, Version version, String section,
                                            List<AppliedStep> recorded, List<Step> declared) {
        Map<String, String> now = new LinkedHashMap<>();
        declared.forEach(s -> now.put(s.id(), Checksums.of(s)));
        String where = component + " " + version;
        String fix = "; restore the migration as it was applied, or run `versiond repair " + component
                + "` to accept the new definition";
        for (AppliedStep s : recorded) {
            String checksum = now.remove(s.stepId());
            if (checksum == null) {
                return Optional.of("checksum mismatch: " + where + " " + section + " step '" + s.stepId()
                        + "' was applied but is gone from Git" + fix);
            }
            if (!checksum.equals(s.checksum())) {
                return Optional.of("checksum mismatch: " + where + " " + section + " step '" + s.stepId()
                        + "' changed in Git since it was applied (recorded " + s.checksum() + ", now " + checksum + ")" + fix);
            }
        }
        if (!now.isEmpty()) {
            return Optional.of("checksum mismatch: " + where + " " + section + " step '" + now.keySet().iterator().next()
                    + "' was added in Git after the version was applied" + fix);
        }
        return Optional.empty();
    }

    // ---- config files and drift ----------------------------------------------------------------

    private static void converge(PlanInput in, Component component, Target target, Map<String, Object> context, Builder b) {
        Set<String> rewritten = new LinkedHashSet<>();
        Version version = b.desired.orElseThrow();
        for (FileStep file : component.config().files()) {
            byte[] content = render(file, context);
            String fingerprint = Fingerprints.file(content, file.mode());
            HostObject actual = in.observed().at(file.path());
            boolean matches = actual instanceof HostObject.RegularFile f && f.fingerprint().equals(fingerprint);
            if (!matches) {
                Managed managed = in.recorded().managed().get(file.path());
                boolean corrective = managed != null && managed.expected().equals(fingerprint);
                b.converge.add(new PlannedStep(component.name(), version, file, Operation.APPLY,
                        StepPhase.CONVERGE, StepState.PENDING, Optional.empty(), corrective));
                rewritten.add(file.path());
            }
        }
        if (!rewritten.isEmpty()) {
            component.config().onChange().forEach(s -> b.onChange.add(new PlannedStep(component.name(), version, s,
                    Operation.APPLY, StepPhase.ON_CHANGE, StepState.PENDING, Optional.empty(), false)));
        }
        if (target.selfHeal() && b.versions.isEmpty()) {
            for (Drift d : b.drift) {
                if (!rewritten.contains(d.path())) {
                    healStep(in, component.name(), d).ifPresent(b.converge::add);
                }
            }
        }
    }

    private static byte[] render(FileStep file, Map<String, Object> context) {
        String text = file.content().orElseGet(() -> Templates.render(file.template().orElseThrow(), context));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Re-applies the recorded step that wrote a drifted path. */
    private static Optional<PlannedStep> healStep(PlanInput in, String component, Drift d) {
        String[] origin = d.origin().split("/", 3);
        if (origin.length != 3) {
            return Optional.empty();
        }
        return in.recorded().component(component)
                .flatMap(rc -> Version.tryParse(origin[1]).map(v -> rc.applied().get(v)))
                .flatMap(av -> av.up().stream().filter(s -> s.stepId().equals(origin[2])).findFirst()
                        .map(s -> new PlannedStep(component, av.version(),
                                StepCodec.decode(s.definitionJson(), "recorded " + d.origin()),
                                Operation.APPLY, StepPhase.HEAL, StepState.APPLIED, Optional.empty(), true)));
    }

    private static List<Drift> drift(PlanInput in, String component) {
        List<Drift> drift = new ArrayList<>();
        for (Managed m : in.recorded().managed().values()) {
            if (!m.component().equals(component) || !in.observed().knows(m.path())) {
                continue;
            }
            HostObject actual = in.observed().at(m.path());
            String seen = actual.describe();
            if (actual instanceof HostObject.RegularFile f && m.kind().equals("file")) {
                seen = f.fingerprint();
            } else if (actual instanceof HostObject.Symlink l && m.kind().equals("link")) {
                seen = l.target();
            }
            if (!seen.equals(m.expected())) {
                drift.add(new Drift(component, m.path(), m.expected(), seen, m.origin()));
            }
        }
        return drift;
    }

    // ---- holding back --------------------------------------------------------------------------

    private static Optional<ComponentPlan> holdBack(PlanInput in, Target target, Builder b) {
        if (!target.isWindowOpen(in.now())) {
            Optional<Instant> next = target.nextWindowOpening(in.now());
            return Optional.of(b.waiting(Reason.WINDOW_CLOSED, "outside the maintenance window of target '" + target.name() + "'"
                    + next.map(n -> "; next window opens " + n).orElse("; no window opens again"), next));
        }
        if (target.rollout().isPresent() && in.commit().isPresent()) {
            int wave = Waves.waveOf(in.host().name(), target.rollout().get());
            Instant start = Waves.startOf(in.commit().get().committedAt(), wave, target.rollout().get());
            if (in.now().isBefore(start)) {
                return Optional.of(b.waiting(Reason.WAVE_PENDING, "rollout wave " + (wave + 1) + " of " + target.rollout().get().waves().size()
                        + " starts " + start, Optional.of(start)));
            }
            RolloutGates.Verdict verdict = RolloutGates.check(target.rollout().get(), wave, in.commit().get().id(),
                    Optional.ofNullable(in.tallies().get(target.name())),
                    Optional.ofNullable(in.analysisFailures().get(target.name())));
            if (verdict instanceof RolloutGates.Verdict.Halted halted) {
                return Optional.of(b.waiting(Reason.ROLLOUT_HALTED, "target '" + target.name() + "': " + halted.why(),
                        Optional.empty()));
            }
            if (verdict instanceof RolloutGates.Verdict.Closed closed) {
                return Optional.of(b.waiting(Reason.WAVE_GATE_CLOSED, "target '" + target.name() + "': " + closed.why(),
                        Optional.empty()));
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    /** A plan for a component cannot be carried out; the message says why and what to do. */
    private static final class Refusal extends RuntimeException {
        final Reason reason;

        Refusal(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** Collects one component's plan. */
    private static final class Builder {
        final String name;
        final Optional<Version> recorded;
        final Optional<Version> desired;
        final Map<String, Object> context;
        final List<Drift> drift;
        final Optional<String> commit;
        final List<PlannedVersion> versions = new ArrayList<>();
        final List<PlannedStep> converge = new ArrayList<>();
        final List<PlannedStep> onChange = new ArrayList<>();

        Builder(String name, Optional<Version> recorded, Optional<Version> desired, Map<String, Object> context,
                List<Drift> drift, Optional<String> commit) {
            this.name = name;
            this.recorded = recorded;
            this.desired = desired;
            this.context = context;
            this.drift = drift;
            this.commit = commit;
        }

        ComponentPlan build() {
            Action action;
            Optional<Direction> main = versions.stream().map(PlannedVersion::direction)
                    .filter(d -> d != Direction.CLEANUP).findFirst();
            if (main.isPresent()) {
                action = main.get() == Direction.UP ? Action.UPGRADE : Action.DOWNGRADE;
            } else if (!versions.isEmpty() || !converge.isEmpty() || !onChange.isEmpty()) {
                action = Action.CONVERGE;
            } else {
                action = Action.NONE;
            }
            Optional<String> reason = switch (action) {
                case UPGRADE -> Optional.of("upgrade " + recorded.map(Version::toString).orElse("(none)") + " -> " + desired.orElseThrow());
                case DOWNGRADE -> Optional.of("downgrade " + recorded.orElseThrow() + " -> " + desired.orElseThrow());
                case CONVERGE -> Optional.of(versions.isEmpty() ? "config files differ from the host"
                        : "undo the steps an interrupted pass left of a version that was never recorded");
                default -> drift.isEmpty() ? Optional.empty()
                        : Optional.of(drift.size() + " managed path(s) drifted; set selfHeal: true on the target to correct them");
            };
            return new ComponentPlan(name, recorded, desired, action, reason, versions, converge, onChange, drift,
                    context, Optional.empty(), commit);
        }

        ComponentPlan blocked(Reason code, String reason) {
            return new ComponentPlan(name, recorded, desired, Action.BLOCKED, Optional.of(reason), List.of(), List.of(),
                    List.of(), drift, context, Optional.empty(), commit, Optional.of(code));
        }

        ComponentPlan degraded(Reason code, String reason) {
            return new ComponentPlan(name, recorded, desired, Action.DEGRADED, Optional.of(reason), List.of(), List.of(),
                    List.of(), drift, context, Optional.empty(), commit, Optional.of(code));
        }

        ComponentPlan waiting(Reason code, String reason, Optional<Instant> until) {
            ComponentPlan full = build();
            return new ComponentPlan(name, recorded, desired, Action.WAITING, Optional.of(reason), full.versions(),
                    full.converge(), full.onChange(), drift, context, until, commit, Optional.of(code));
        }
    }
}
