package dev.versiond.daemon.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Rollout;
import dev.versiond.spec.model.RolloutGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutGatesTest {
    static final String C = "c".repeat(40);
    static final Position AT = new Position("targets/prod.yaml", 1, 1);

    static Rollout gated(int minHealthy, RolloutGate.ErrorBudget budget, int minReporters) {
        return new Rollout(List.of(10, 50, 100), Duration.ofMinutes(1),
                Optional.of(new RolloutGate(minHealthy, budget, minReporters)), AT);
    }

    static RolloutTally tally(Map<Integer, RolloutTally.Wave> waves) {
        return new RolloutTally("prod", C, waves);
    }

    @Test
    void theCanaryWaveIsNeverGated() {
        assertThat(RolloutGates.check(gated(100, RolloutGate.ErrorBudget.NONE, 5), 0, C, Optional.empty()))
                .isInstanceOf(RolloutGates.Verdict.Open.class);
    }

    @Test
    void aFailureOverTheBudgetHaltsAndNamesTheFailingHosts() {
        RolloutTally t = tally(Map.of(0, new RolloutTally.Wave(Set.of("a"), Set.of("b", "c"), Set.of())));
        RolloutGates.Verdict v = RolloutGates.check(gated(50, new RolloutGate.ErrorBudget(1, false), 1), 1, C, Optional.of(t));
        assertThat(v).isInstanceOfSatisfying(RolloutGates.Verdict.Halted.class, h -> {
            assertThat(h.failing()).containsExactlyInAnyOrder("b", "c");
            assertThat(h.why()).contains("2 of 3").contains("error budget of 1");
        });
    }

    @Test
    void aHaltAtAnEarlierWavesGateHaltsEveryLaterWaveThoughItsHeldHostsDiluteTheShare() {
        // Found by bench/fleet-sim.sh at 300 hosts: the canaries failed, waves 2-3 were held by the halt
        // and reported held; wave 4 counted 3 failures of 161 reporters, under 5%, and saw only a closed
        // gate. The share is of the hosts that tried the commit: 3 of 3.
        RolloutTally t = tally(Map.of(0, new RolloutTally.Wave(Set.of(), Set.of("a", "b", "c"), Set.of()),
                1, new RolloutTally.Wave(Set.of(), Set.of(), hosts("w1-", 27)),
                2, new RolloutTally.Wave(Set.of(), Set.of(), hosts("w2-", 131))));
        Rollout fourWaves = new Rollout(List.of(1, 10, 50, 100), Duration.ofMinutes(1),
                Optional.of(new RolloutGate(90, new RolloutGate.ErrorBudget(5, true), 3)), AT);
        for (int wave = 1; wave <= 3; wave++) {
            assertThat(RolloutGates.check(fourWaves, wave, C, Optional.of(t))).as("wave %d", wave + 1)
                    .isInstanceOfSatisfying(RolloutGates.Verdict.Halted.class, h -> {
                        assertThat(h.failing()).containsExactlyInAnyOrder("a", "b", "c");
                        assertThat(h.why()).contains("3 of 3 host(s) of").contains("that tried this commit failed it");
                    });
        }
        Rollout noHealthFloor = new Rollout(List.of(1, 10, 50, 100), Duration.ofMinutes(1),
                Optional.of(new RolloutGate(0, new RolloutGate.ErrorBudget(5, true), 3)), AT);
        assertThat(RolloutGates.check(noHealthFloor, 3, C, Optional.of(t))).as("minHealthy 0%% does not open a halted rollout")
                .isInstanceOf(RolloutGates.Verdict.Halted.class);
    }

    private static Set<String> hosts(String prefix, int n) {
        Set<String> out = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void aShareBudgetIsRoundedDownOverTheEarlierWavesHostsThatTriedTheCommit() {
        RolloutTally.Wave w0 = new RolloutTally.Wave(Set.of("a", "b", "c", "d", "e", "f", "g", "h", "i"), Set.of("x"), Set.of());
        RolloutTally.Wave w1 = new RolloutTally.Wave(Set.of("j", "k", "l", "m", "n", "o", "p", "q", "r", "s"), Set.of(), Set.of());
        Rollout r = gated(90, new RolloutGate.ErrorBudget(5, true), 1);
        assertThat(RolloutGates.check(r, 1, C, Optional.of(tally(Map.of(0, w0)))))
                .as("1 failed of 10: 5%% allows 0").isInstanceOf(RolloutGates.Verdict.Halted.class);
        assertThat(RolloutGates.check(r, 2, C, Optional.of(tally(Map.of(0, w0, 1, w1)))))
                .as("1 failed of 20: 5%% allows 1").isInstanceOf(RolloutGates.Verdict.Open.class);
    }

    @Test
    void tooFewReportersOrTooFewHealthyKeepTheWaveClosed() {
        Rollout r = gated(90, new RolloutGate.ErrorBudget(10, false), 3);
        RolloutTally two = tally(Map.of(0, new RolloutTally.Wave(Set.of("a", "b"), Set.of(), Set.of())));
        assertThat(RolloutGates.check(r, 1, C, Optional.of(two))).isInstanceOfSatisfying(RolloutGates.Verdict.Closed.class,
                c -> assertThat(c.why()).contains("2 host(s) of wave 1 (the canary) reported on this commit, 3 needed"));
        RolloutTally held = tally(Map.of(0, new RolloutTally.Wave(Set.of("a", "b"), Set.of(), Set.of("c", "d"))));
        assertThat(RolloutGates.check(r, 1, C, Optional.of(held))).isInstanceOfSatisfying(RolloutGates.Verdict.Closed.class,
                c -> assertThat(c.why()).contains("2 of 4 reporting host(s)").contains("90% needed"));
    }

    @Test
    void anUnreadableFleetOrAnotherCommitsTallyKeepsTheWaveClosed() {
        Rollout r = gated(0, RolloutGate.ErrorBudget.NONE, 0);
        assertThat(RolloutGates.check(r, 1, C, Optional.empty())).isInstanceOf(RolloutGates.Verdict.Closed.class);
        RolloutTally other = new RolloutTally("prod", "d".repeat(40), Map.of());
        assertThat(RolloutGates.check(r, 1, C, Optional.of(other))).isInstanceOf(RolloutGates.Verdict.Closed.class);
    }

    @Test
    void aRolloutWithoutAGateIsPacedByTimeAlone() {
        Rollout timers = new Rollout(List.of(10, 100), Duration.ofMinutes(1), AT);
        assertThat(RolloutGates.check(timers, 1, C, Optional.empty())).isInstanceOf(RolloutGates.Verdict.Open.class);
    }

    @Test
    void aFailingAnalysisKeepsAnOtherwiseOpenWaveClosedButNeverOverridesAHalt() {
        Rollout r = gated(50, new RolloutGate.ErrorBudget(0, false), 1);
        RolloutTally healthy = tally(Map.of(0, new RolloutTally.Wave(Set.of("a"), Set.of(), Set.of())));
        Optional<String> failing = Optional.of("query 'max(errors)' = 0.3, needs < 0.05");
        assertThat(RolloutGates.check(r, 1, C, Optional.of(healthy), failing)).isInstanceOfSatisfying(
                RolloutGates.Verdict.Closed.class, c -> assertThat(c.why())
                        .isEqualTo("the rollout's analysis did not pass, so wave 2 waits: query 'max(errors)' = 0.3, needs < 0.05"));
        assertThat(RolloutGates.check(r, 1, C, Optional.of(healthy), Optional.empty())).isInstanceOf(RolloutGates.Verdict.Open.class);
        assertThat(RolloutGates.check(r, 0, C, Optional.empty(), failing)).as("the canary is never gated")
                .isInstanceOf(RolloutGates.Verdict.Open.class);
        RolloutTally failed = tally(Map.of(0, new RolloutTally.Wave(Set.of(), Set.of("a"), Set.of())));
        assertThat(RolloutGates.check(r, 1, C, Optional.of(failed), failing)).isInstanceOf(RolloutGates.Verdict.Halted.class);
    }

    @Test
    void aHaltWrittenToGitHoldsWhenTheCountsThatDecidedItShift() {
        Rollout r = gated(0, new RolloutGate.ErrorBudget(10, true), 1);
        java.util.Set<String> twenty = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            twenty.add("ok-" + i);
        }
        // 1 failed of 21 that tried is within 10%: by the counts alone the wave would open...
        RolloutTally.Wave canaries = new RolloutTally.Wave(twenty, Set.of("bad-1"), Set.of());
        assertThat(RolloutGates.check(r, 1, C, Optional.of(tally(Map.of(0, canaries)))))
                .isInstanceOf(RolloutGates.Verdict.Open.class);
        // ...but a host of this wave found it halted (when fewer had tried) and wrote it: it stays halted.
        RolloutTally.Wave ownWave = new RolloutTally.Wave(Set.of(), Set.of(), Set.of("w2-a", "w2-b"), Set.of("w2-a"));
        assertThat(RolloutGates.check(r, 1, C, Optional.of(tally(Map.of(0, canaries, 1, ownWave)))))
                .isInstanceOfSatisfying(RolloutGates.Verdict.Halted.class, h -> assertThat(h.why())
                        .startsWith("rollout halted: w2-a reported this commit's rollout halted")
                        .contains("a halt holds until a new commit"));
        // A later wave sees it too; a halt in a later wave than the host's does not concern it.
        assertThat(RolloutGates.check(r, 2, C, Optional.of(tally(Map.of(0, canaries, 1, ownWave)))))
                .isInstanceOf(RolloutGates.Verdict.Halted.class);
        RolloutTally.Wave later = new RolloutTally.Wave(Set.of(), Set.of(), Set.of("w3-a"), Set.of("w3-a"));
        assertThat(RolloutGates.check(r, 1, C, Optional.of(tally(Map.of(0, canaries, 2, later)))))
                .isInstanceOf(RolloutGates.Verdict.Open.class);
    }
}
