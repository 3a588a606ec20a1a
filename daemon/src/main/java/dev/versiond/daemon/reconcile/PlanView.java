package dev.versiond.daemon.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * A plan as operators read it ({@code versiond plan --format json}, {@code GET /plan}): per component,
 * recorded → desired, what will happen and why, each step with its state; file changes as unified
 * diffs with secrets masked.
 */
public record PlanView(String host, Optional<String> commit, boolean hasChanges, List<ComponentPlanView> components) {
    public PlanView {
        components = List.copyOf(components);
    }

    /**
     * One component's part of the plan.
     *
     * @param reasonCode the typed reason of a blocked, degraded or waiting component ({@code checksum-mismatch}, …)
     */
    public record ComponentPlanView(String component, Optional<String> recorded, Optional<String> desired,
                                    String action, String state, Optional<String> reason, Optional<String> reasonCode,
                                    List<StepView> steps, List<String> drift) {
        public ComponentPlanView {
            steps = List.copyOf(steps);
            drift = List.copyOf(drift);
        }
    }

    /**
     * One step of the plan.
     *
     * @param direction up (apply), down (reverse), converge (config file), heal (correct drift)
     * @param state pending, applied, missing-in-git (recorded, gone from Git: reversed from the recorded definition)
     * @param diff a unified diff for file steps, secrets masked
     */
    public record StepView(String version, String step, String kind, String direction, String state,
                           Optional<String> diff) {
    }
}
