package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.RolloutGates;
import dev.versiond.daemon.plan.RolloutTally;
import dev.versiond.daemon.plan.TargetPlacement;
import dev.versiond.daemon.prometheus.PrometheusQuery;
import dev.versiond.daemon.prometheus.QueryVerdict;
import dev.versiond.spec.model.Defaults;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.Rollout;
import dev.versiond.spec.model.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the {@code analysis} queries of rollout gates, at the edge so the planner stays pure:
 * only for a target whose gate the fleet's tally would open (a gate already closed or halted by the
 * hosts' outcomes costs Prometheus nothing), query by query until one does not pass.
 */
final class GateAnalysis {
    private final PrometheusQuery prometheus;
    private final String host;

    GateAnalysis(PrometheusQuery prometheus, String host) {
        this.prometheus = prometheus;
        this.host = host;
    }

    /** Per target whose analysis did not pass, what the failing query saw. */
    Map<String, String> failures(List<TargetPlacement> placements, List<Target> targets, String commit,
                                 Map<String, RolloutTally> tallies) {
        Map<String, String> failures = new HashMap<>();
        for (TargetPlacement placement : placements) {
            Optional<Rollout> rollout = targets.stream().filter(t -> t.name().equals(placement.target())).findFirst()
                    .flatMap(Target::rollout);
            List<Probe.Prometheus> analysis = rollout.flatMap(Rollout::gate).map(g -> g.analysis()).orElse(List.of());
            if (analysis.isEmpty() || !(RolloutGates.check(rollout.get(), placement.wave(), commit,
                    Optional.ofNullable(tallies.get(placement.target()))) instanceof RolloutGates.Verdict.Open)) {
                continue;
            }
            for (Probe.Prometheus query : analysis) {
                QueryVerdict verdict = prometheus.evaluate(query, host, Defaults.CHECK_ATTEMPT_TIMEOUT);
                if (!verdict.passed()) {
                    failures.put(placement.target(), verdict.seen());
                    break;
                }
            }
        }
        return failures;
    }
}
