package dev.versiond.daemon.fleet;

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

    /** One commit of one target: per wave the hosts by outcome, and whether the rollout halted. */
    public record Rollout(String target, String commit, Map<Integer, WaveCount> waves, boolean halted,
                          List<String> failing, Optional<String> haltReason) {
        public Rollout {
            waves = Map.copyOf(waves);
            failing = List.copyOf(failing);
        }
    }

    /** A wave's hosts that reported on the commit, by outcome. */
    public record WaveCount(int applied, int failed, int held) {
        public int reporters() {
            return applied + failed + held;
        }
    }
}
