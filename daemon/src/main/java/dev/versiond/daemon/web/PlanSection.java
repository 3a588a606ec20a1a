package dev.versiond.daemon.web;

import dev.versiond.daemon.reconcile.PlanView;
import java.util.List;

/**
 * The plan against the last revision read, as {@code GET /plan} gives it: per component what will happen and
 * why, each step with its state, file changes as unified diffs with secrets already masked by the plan.
 */
final class PlanSection implements PageSection {

    /** @param error why there is no plan, or null */
    record Model(String commit, boolean hasChanges, List<Component> components, String error) {
    }

    record Component(String component, String recorded, String desired, String action, String state,
                     String planReasonCode, String planReason, List<Step> steps, List<String> drift) {
    }

    /** @param diff the file's unified diff, or null for a step that writes no file */
    record Step(String version, String step, String kind, String direction, String stepState, Diff diff) {
    }

    record Diff(List<DiffLine> lines) {
    }

    /** @param kind {@code add}, {@code del}, {@code hunk} or {@code same}, for the style sheet */
    record DiffLine(String kind, String text) {
    }

    @Override
    public String id() {
        return "plan";
    }

    @Override
    public String title() {
        return "Plan";
    }

    @Override
    public Model model(PageData data) {
        if (data.plan().isEmpty()) {
            return new Model(null, false, List.of(), data.planError().orElse("no plan"));
        }
        PlanView plan = data.plan().get();
        return new Model(plan.commit().map(DisplayText::shortCommit).orElse(null), plan.hasChanges(),
                plan.components().stream().map(PlanSection::component).toList(), null);
    }

    private static Component component(PlanView.ComponentPlanView c) {
        List<Step> steps = c.steps().stream().map(s -> new Step(s.version(), s.step(), s.kind(), s.direction(),
                s.state(), s.diff().map(d -> new Diff(lines(d))).orElse(null))).toList();
        return new Component(c.component(), c.recorded().orElse("none"), c.desired().orElse("none"), c.action(),
                c.state(), c.reasonCode().orElse(null), c.reason().orElse(null), steps, c.drift());
    }

    static List<DiffLine> lines(String diff) {
        return diff.lines().map(l -> new DiffLine(l.startsWith("@@") ? "hunk"
                : l.startsWith("+") && !l.startsWith("+++") ? "add"
                : l.startsWith("-") && !l.startsWith("---") ? "del" : "same", l)).toList();
    }
}
