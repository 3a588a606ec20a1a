package dev.versiond.daemon.plan;

import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.model.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The plan for one component.
 *
 * @param versions version transitions in the order they run
 * @param converge config files to rewrite, and drift to heal
 * @param onChange steps that run once when a config file is rewritten
 * @param drift managed files and links that differ from what was recorded
 * @param templateContext the values templates of this component are rendered with
 * @param waitUntil when a held-back component may go ahead (window opening, wave start)
 * @param commit the commit the desired state was read at
 * @param code the typed reason of a blocked, degraded or waiting component
 */
public record ComponentPlan(String component, Optional<Version> recorded, Optional<Version> desired, Action action,
                            Optional<String> reason, List<PlannedVersion> versions, List<PlannedStep> converge,
                            List<PlannedStep> onChange, List<Drift> drift, Map<String, Object> templateContext,
                            Optional<Instant> waitUntil, Optional<String> commit, Optional<Reason> code) {
    public ComponentPlan {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        versions = List.copyOf(versions);
        converge = List.copyOf(converge);
        onChange = List.copyOf(onChange);
        drift = List.copyOf(drift);
        templateContext = Map.copyOf(templateContext);
        Objects.requireNonNull(waitUntil, "waitUntil");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(code, "code");
    }

    /** A plan without a typed reason (nothing held back or refused). */
    public ComponentPlan(String component, Optional<Version> recorded, Optional<Version> desired, Action action,
                         Optional<String> reason, List<PlannedVersion> versions, List<PlannedStep> converge,
                         List<PlannedStep> onChange, List<Drift> drift, Map<String, Object> templateContext,
                         Optional<Instant> waitUntil, Optional<String> commit) {
        this(component, recorded, desired, action, reason, versions, converge, onChange, drift, templateContext,
                waitUntil, commit, Optional.empty());
    }

    /** Whether applying this plan would change the host. */
    public boolean hasWork() {
        return action == Action.UPGRADE || action == Action.DOWNGRADE || action == Action.CONVERGE;
    }

    /** Every step in the order it would run (version transitions, then config files, then onChange). */
    public List<PlannedStep> steps() {
        return Stream.concat(versions.stream().flatMap(v -> v.steps().stream()),
                Stream.concat(converge.stream(), onChange.stream())).toList();
    }
}
