package dev.versiond.daemon.plan;

import dev.versiond.daemon.source.Commit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Desired × recorded for one host at one commit: per component, what will happen and why, in the
 * order it runs (downgrades first in reverse dependency order, then the rest in dependency order),
 * and the targets that select the host with its wave in each.
 */
public record Plan(HostIdentity host, Optional<Commit> commit, List<ComponentPlan> components,
                   List<TargetPlacement> targets) {
    public Plan {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(commit, "commit");
        components = List.copyOf(components);
        targets = List.copyOf(targets);
    }

    /** A plan without target placements (nothing to report to the fleet). */
    public Plan(HostIdentity host, Optional<Commit> commit, List<ComponentPlan> components) {
        this(host, commit, components, List.of());
    }

    /** Whether a pass would change anything (held-back and blocked work does not count). */
    public boolean hasWork() {
        return components.stream().anyMatch(ComponentPlan::hasWork);
    }

    /** Whether anything differs from the desired state, applied now or not. */
    public boolean hasChanges() {
        return components.stream().anyMatch(c -> c.hasWork() || c.action() == Action.WAITING || c.action() == Action.BLOCKED
                || c.action() == Action.DEGRADED);
    }

    /** How many steps a pass would run. */
    public int stepCount() {
        return components.stream().filter(ComponentPlan::hasWork).mapToInt(c -> c.steps().size()).sum();
    }

    public Optional<ComponentPlan> component(String name) {
        return components.stream().filter(c -> c.component().equals(name)).findFirst();
    }
}
