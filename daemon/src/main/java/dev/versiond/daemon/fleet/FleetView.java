package dev.versiond.daemon.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet as its status repository tells it: every host's last report, and per target and
 * commit the rollout's progress wave by wave. What {@code versiond fleet} and {@code GET /fleet} show.
 */
public record FleetView(List<HostReport> hosts, List<Rollout> rollouts) {
    public FleetView {
        hosts = List.copyOf(hosts);
        rollouts = List.copyOf(rollouts);
    }

    /**
     * One commit of one target: per wave the hosts by outcome, whether the rollout halted, and when
     * its next wave may start.
     *
     * @param next the first wave no host has applied or failed yet; empty when every wave has, when
     *     the rollout halted, or when no report carries the target's rollout policy
     */
    public record Rollout(String target, String commit, Map<Integer, WaveCount> waves, boolean halted,
                          List<String> failing, Optional<String> haltReason, Optional<NextWave> next) {
        public Rollout {
            waves = Map.copyOf(waves);
            failing = List.copyOf(failing);
            java.util.Objects.requireNonNull(next, "next");
        }

        public Rollout(String target, String commit, Map<Integer, WaveCount> waves, boolean halted,
                       List<String> failing, Optional<String> haltReason) {
            this(target, commit, waves, halted, failing, haltReason, Optional.empty());
        }
    }

    /**
     * When a rollout's next wave may start, as the planner's gate decides it.
     *
     * @param wave the 0-based wave
     * @param earliestStart the commit's committer time plus {@code wave × bake}: no host of the wave
     *     applies before it
     * @param gate why the wave's gate is closed now (the earlier waves' counts); empty when it is
     *     open, so the wave starts at {@code earliestStart} (or at its hosts' next pass, if that is past)
     * @param analysis the gate's PromQL queries with their thresholds ({@code error_ratio < 0.05}), which
     *     must pass too: each host of the wave asks Prometheus when the counts let it start, so the
     *     status refs cannot say whether they will
     */
    public record NextWave(int wave, Instant earliestStart, Optional<String> gate, List<String> analysis) {
        public NextWave {
            java.util.Objects.requireNonNull(earliestStart, "earliestStart");
            java.util.Objects.requireNonNull(gate, "gate");
            analysis = List.copyOf(analysis);
        }

        public NextWave(int wave, Instant earliestStart, Optional<String> gate) {
            this(wave, earliestStart, gate, List.of());
        }
    }

    /** A wave's hosts that reported on the commit, by outcome. */
    public record WaveCount(int applied, int failed, int held) {
        public int reporters() {
            return applied + failed + held;
        }
    }
}
