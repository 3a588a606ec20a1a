package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.RolloutTally;
import java.util.Optional;

/**
 * What the fleet's status repository tells a pass: the seam between the reconciler and the refs
 * other hosts (and this one) pushed. Read at the edge so the planner stays pure; a test drives it
 * with plain values.
 */
public interface FleetStatus {

    /** No status repository: no gate ever opens from it and nothing was reported before. */
    FleetStatus NONE = new FleetStatus() {
        @Override
        public Optional<RolloutTally> tally(String target, String commit, int beforeWave) {
            return Optional.empty();
        }

        @Override
        public Optional<String> lastApplied() {
            return Optional.empty();
        }
    };

    /**
     * What the hosts of waves {@code 0..beforeWave-1} of {@code target} reported on {@code commit}, and
     * which hosts of wave {@code beforeWave} itself reported its rollout halted (a halt holds).
     *
     * @return empty when the status repository could not be read (the gate stays closed)
     */
    Optional<RolloutTally> tally(String target, String commit, int beforeWave);

    /**
     * The desired-state commit this host last applied, as its own last status commit says: what a
     * host whose state directory was wiped must not go back behind.
     *
     * @throws dev.versiond.spec.VersiondException ({@code SOURCE}) when the status repository cannot be read
     */
    Optional<String> lastApplied();
}
