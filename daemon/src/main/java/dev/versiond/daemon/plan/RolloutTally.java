package dev.versiond.daemon.plan;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the fleet reported on one commit of one target, wave by wave, as read from the status
 * repository's rollout refs: the input of a wave's gate. A value, so the planner that judges it stays pure.
 *
 * @param waves per 0-based wave, the hosts that reported; a wave nobody reported on is absent
 */
public record RolloutTally(String target, String commit, Map<Integer, Wave> waves) {
    public RolloutTally {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(commit, "commit");
        waves = java.util.Collections.unmodifiableMap(new TreeMap<>(waves));
    }

    /**
     * One wave's reporting hosts by outcome.
     *
     * @param applied hosts that applied the commit and are healthy
     * @param failed hosts where it failed: rolled back, degraded, or blocked at it
     * @param held hosts that have not applied it yet (waiting for their wave, a window, a gate, or halted)
     * @param halted the held hosts that reported the commit's rollout halted (a subset of {@code held})
     */
    public record Wave(Set<String> applied, Set<String> failed, Set<String> held, Set<String> halted) {
        public static final Wave EMPTY = new Wave(Set.of(), Set.of(), Set.of());

        public Wave {
            applied = java.util.Collections.unmodifiableSet(new TreeSet<>(applied));
            failed = java.util.Collections.unmodifiableSet(new TreeSet<>(failed));
            held = java.util.Collections.unmodifiableSet(new TreeSet<>(held));
            halted = java.util.Collections.unmodifiableSet(new TreeSet<>(halted));
        }

        /** A wave none of whose hosts reported a halt. */
        public Wave(Set<String> applied, Set<String> failed, Set<String> held) {
            this(applied, failed, held, Set.of());
        }

        public int reporters() {
            return applied.size() + failed.size() + held.size();
        }
    }

    /** The wave's hosts, {@link Wave#EMPTY} when none reported. */
    public Wave wave(int wave) {
        return waves.getOrDefault(wave, Wave.EMPTY);
    }
}
