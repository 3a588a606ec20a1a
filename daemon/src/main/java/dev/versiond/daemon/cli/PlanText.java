package dev.versiond.daemon.cli;

import dev.versiond.daemon.reconcile.PlanView;
import dev.versiond.daemon.reconcile.PlanView.ComponentPlanView;
import dev.versiond.daemon.reconcile.PlanView.StepView;

/** A plan as text for a terminal. */
final class PlanText {
    private PlanText() {
    }

    static String render(PlanView view) {
        StringBuilder out = new StringBuilder();
        out.append("Plan for host ").append(view.host());
        view.commit().ifPresent(c -> out.append(" at commit ").append(c, 0, Math.min(12, c.length())));
        out.append('\n');
        if (view.components().isEmpty()) {
            out.append("  no target names a component for this host\n");
        }
        for (ComponentPlanView c : view.components()) {
            out.append('\n').append(String.format("%-24s %-12s -> %-12s %-10s %s%n", c.component(),
                    c.recorded().orElse("(none)"), c.desired().orElse("(none)"), c.action(), c.state()));
            c.reason().ifPresent(r -> out.append("  ").append(r).append('\n'));
            int i = 1;
            for (StepView s : c.steps()) {
                out.append(String.format("  %3d. %-9s %-12s %-24s %-8s %s%n", i++, s.direction(), s.version(), s.step(),
                        s.kind(), s.state()));
                s.diff().ifPresent(d -> d.lines().forEach(line -> out.append("         ").append(line).append('\n')));
            }
            c.drift().forEach(d -> out.append("  drift: ").append(d).append('\n'));
        }
        out.append('\n').append(view.hasChanges() ? "Changes pending." : "Nothing to do: the host matches the desired state.");
        return out.toString();
    }
}
