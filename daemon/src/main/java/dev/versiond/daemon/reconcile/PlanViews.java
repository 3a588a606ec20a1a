package dev.versiond.daemon.reconcile;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.versiond.daemon.execute.HostObserver;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.Drift;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.reconcile.PlanView.ComponentPlanView;
import dev.versiond.daemon.reconcile.PlanView.StepView;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link Plan} into the view operators read: states as words, file steps as unified diffs,
 * with every secret value masked (in the diff and in reasons).
 */
public final class PlanViews {
    private static final int DIFF_CONTEXT = 3;
    private static final int MAX_DIFF_LINES = 400;

    private PlanViews() {
    }

    public static PlanView of(Plan plan, HostRoot root, StepExecutor executor) {
        return of(plan, root, executor, Redactor.none());
    }

    /** The view with the redactor of the pass that computed the plan applied to every text in it. */
    public static PlanView of(Plan plan, HostRoot root, StepExecutor executor, Redactor redactor) {
        HostObserver observer = new HostObserver(root);
        List<ComponentPlanView> components = new ArrayList<>();
        for (ComponentPlan cp : plan.components()) {
            List<StepView> steps = new ArrayList<>();
            for (PlannedStep ps : cp.steps()) {
                steps.add(new StepView(ps.version().toString(), ps.step().id(), ps.step().kind(), direction(ps),
                        ps.state().word(), diff(cp, ps, root, executor, observer, redactor)));
            }
            components.add(new ComponentPlanView(cp.component(), cp.recorded().map(Version::toString),
                    cp.desired().map(Version::toString), cp.action().word(), state(cp), redactor.mask(cp.reason()), cp.code().map(Reason::word), steps,
                    cp.drift().stream().map(Drift::toString).map(redactor::mask).toList()));
        }
        return new PlanView(plan.host().name(), plan.commit().map(c -> c.id()), plan.hasChanges(), components);
    }

    private static String direction(PlannedStep ps) {
        return ps.operation() == PlannedStep.Operation.REVERSE ? "reverse" : ps.phase().word();
    }

    private static String state(ComponentPlan cp) {
        return switch (cp.action()) {
            case NONE, UNMANAGED -> cp.drift().isEmpty() ? ComponentState.SYNCED.label() : ComponentState.OUT_OF_SYNC.label();
            case WAITING -> cp.code().filter(dev.versiond.daemon.state.Reason.ROLLOUT_HALTED::equals).isPresent()
                    ? ComponentState.HALTED.label() : ComponentState.WAITING.label();
            case BLOCKED -> ComponentState.BLOCKED.label();
            case DEGRADED -> ComponentState.DEGRADED.label();
            default -> ComponentState.OUT_OF_SYNC.label();
        };
    }

    private static Optional<String> diff(ComponentPlan cp, PlannedStep ps, HostRoot root, StepExecutor executor,
                                         HostObserver observer, Redactor redactor) {
        if (!(ps.step() instanceof FileStep file) || ps.operation() != PlannedStep.Operation.APPLY) {
            return Optional.empty();
        }
        try {
            String after = new String(executor.render(file, StepContexts.of(root, cp, ps.version(), Map.of())),
                    StandardCharsets.UTF_8);
            String before = observer.readFile(file.path()).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
            List<String> revised = lines(redactor.mask(after));
            List<String> original = redactor.reveals(after) ? maskBefore(lines(before), revised, redactor)
                    : lines(redactor.mask(before));
            Patch<String> patch = DiffUtils.diff(original, revised);
            if (patch.getDeltas().isEmpty()) {
                return before.equals(after) ? Optional.empty()
                        : Optional.of("(only secret values change in " + file.path() + "; they are not shown)");
            }
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(file.path(), file.path(), original, patch,
                    DIFF_CONTEXT);
            if (unified.size() > MAX_DIFF_LINES) {
                unified = new ArrayList<>(unified.subList(0, MAX_DIFF_LINES));
                unified.add("... (diff cut at " + MAX_DIFF_LINES + " lines)");
            }
            return Optional.of(String.join("\n", unified));
        } catch (VersiondException e) {
            return Optional.of("(cannot render: " + e.getMessage() + ")");
        }
    }

    /**
     * The lines of a file's current content, for a diff against a new rendering that holds secrets.
     * The file may hold an older secret that no redactor knows (before a rotation), so a line is
     * shown only when it is a line of the new rendering (masked the same way), or takes the shape
     * of a secret-bearing line of it ({@code password=******} for {@code password=<anything>});
     * any other line is shown as {@value Redactor#MASK}, since it cannot be told apart from a secret.
     */
    private static List<String> maskBefore(List<String> before, List<String> maskedAfter, Redactor redactor) {
        java.util.Set<String> known = new java.util.HashSet<>(maskedAfter);
        List<java.util.regex.Pattern> shapes = new ArrayList<>();
        List<String> shapeLines = new ArrayList<>();
        for (String line : maskedAfter) {
            if (line.contains(Redactor.MASK)) {
                StringBuilder regex = new StringBuilder("^");
                String[] parts = line.split(java.util.regex.Pattern.quote(Redactor.MASK), -1);
                for (int i = 0; i < parts.length; i++) {
                    regex.append(java.util.regex.Pattern.quote(parts[i]));
                    if (i < parts.length - 1) {
                        regex.append(".*?");
                    }
                }
                shapes.add(java.util.regex.Pattern.compile(regex.append('$').toString(), java.util.regex.Pattern.DOTALL));
                shapeLines.add(line);
            }
        }
        List<String> out = new ArrayList<>();
        for (String raw : before) {
            String line = redactor.mask(raw);
            if (known.contains(line)) {
                out.add(line);
                continue;
            }
            String shown = Redactor.MASK;
            for (int i = 0; i < shapes.size(); i++) {
                if (shapes.get(i).matcher(raw).matches()) {
                    shown = shapeLines.get(i);
                    break;
                }
            }
            out.add(shown);
        }
        return out;
    }

    /** Lines without their terminators; a final newline does not make an empty last line. */
    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(body.split("\n", -1));
    }
}
