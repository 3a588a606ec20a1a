package dev.versiond.daemon.fleet;

import dev.versiond.daemon.plan.RolloutGates;
import dev.versiond.daemon.plan.RolloutTally;
import dev.versiond.daemon.plan.Waves;
import dev.versiond.spec.model.Rollout;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a rollout's next wave may start: the same two rules the planner applies to a host of that
 * wave ({@link Waves#startOf}, then {@link RolloutGates#check} on the same tally), so the fleet
 * view never promises what the hosts will not do. A gate's Prometheus analysis is not judged here
 * (its value at one instant is not in Git, and each host asks for itself); its queries are listed. Pure.
 */
final class NextWaves {
    private NextWaves() {
    }

    /**
     * @param committedAt the commit's committer time, as the hosts reported it
     * @return empty when every wave has started (a host applied or failed it) or the rollout is halted
     */
    static Optional<FleetView.NextWave> of(Rollout rollout, Instant committedAt, RolloutTally tally) {
        for (int wave = 1; wave < rollout.waves().size(); wave++) {
            RolloutTally.Wave at = tally.wave(wave);
            if (!at.applied().isEmpty() || !at.failed().isEmpty()) {
                continue;
            }
            Instant start = Waves.startOf(committedAt, wave, rollout);
            RolloutGates.Verdict verdict = RolloutGates.check(rollout, wave, tally.commit(), Optional.of(tally));
            if (verdict instanceof RolloutGates.Verdict.Halted) {
                return Optional.empty();
            }
            Optional<String> gate = verdict instanceof RolloutGates.Verdict.Closed closed
                    ? Optional.of(closed.why()) : Optional.empty();
            List<String> analysis = rollout.gate().map(g -> g.analysis().stream()
                    .map(q -> q.query() + " " + q.threshold()).toList()).orElse(List.of());
            return Optional.of(new FleetView.NextWave(wave, start, gate, analysis));
        }
        return Optional.empty();
    }
}
