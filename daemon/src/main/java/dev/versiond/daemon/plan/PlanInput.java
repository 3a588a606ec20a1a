package dev.versiond.daemon.plan;

import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.spec.model.DesiredState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a plan is computed from.
 *
 * @param commit the commit the desired state was read at (empty for a plain directory preview)
 * @param now the clock's reading, for windows and waves
 * @param configs per component, its config values with secret references already resolved (the
 *     reconciler reads the secrets; the planner stays pure); a component not in it uses its
 *     target's values as written
 * @param configProblems per component, why its config could not be resolved (a missing secret);
 *     such a component is blocked with that message, which names references, never values
 * @param allowedRoots the host paths steps may touch
 * @param tallies per target with a gated rollout, what the fleet reported on the commit (read at the
 *     edge from the status repository); a gated target without one keeps its later waves closed
 * @param analysisFailures per target whose gate has an {@code analysis}, why a query did not pass
 *     (evaluated at the edge against Prometheus); a target absent here passed, or has no analysis
 */
public record PlanInput(DesiredState desired, RecordedState recorded, HostIdentity host, Observed observed,
                        Optional<Commit> commit, Instant now, Map<String, Map<String, Object>> configs,
                        Map<String, String> configProblems, AllowedRoots allowedRoots,
                        Map<String, RolloutTally> tallies, Map<String, String> analysisFailures) {
    public PlanInput {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(now, "now");
        configs = Map.copyOf(configs);
        configProblems = Map.copyOf(configProblems);
        Objects.requireNonNull(allowedRoots, "allowedRoots");
        tallies = Map.copyOf(tallies);
        analysisFailures = Map.copyOf(analysisFailures);
    }

    /** Input with fleet tallies and no rollout analysis (none configured, or all passed). */
    public PlanInput(DesiredState desired, RecordedState recorded, HostIdentity host, Observed observed,
                     Optional<Commit> commit, Instant now, Map<String, Map<String, Object>> configs,
                     Map<String, String> configProblems, AllowedRoots allowedRoots, Map<String, RolloutTally> tallies) {
        this(desired, recorded, host, observed, commit, now, configs, configProblems, allowedRoots, tallies, Map.of());
    }

    /** Input without fleet tallies (no gated rollout, or none read). */
    public PlanInput(DesiredState desired, RecordedState recorded, HostIdentity host, Observed observed,
                     Optional<Commit> commit, Instant now, Map<String, Map<String, Object>> configs,
                     Map<String, String> configProblems, AllowedRoots allowedRoots) {
        this(desired, recorded, host, observed, commit, now, configs, configProblems, allowedRoots, Map.of(), Map.of());
    }

    /** Input without secrets to resolve and without path restrictions. */
    public PlanInput(DesiredState desired, RecordedState recorded, HostIdentity host, Observed observed,
                     Optional<Commit> commit, Instant now) {
        this(desired, recorded, host, observed, commit, now, Map.of(), Map.of(), AllowedRoots.everywhere());
    }
}
