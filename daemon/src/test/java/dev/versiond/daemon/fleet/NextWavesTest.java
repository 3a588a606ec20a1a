package dev.versiond.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.RolloutTally;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.Rollout;
import dev.versiond.spec.model.RolloutGate;
import dev.versiond.spec.model.Threshold;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NextWavesTest {
    static final String C = "c".repeat(40);
    static final Instant COMMITTED = Instant.parse("2026-12-01T10:00:00Z");
    static final Rollout GATED = new Rollout(List.of(10, 50, 100), Duration.ofMinutes(30),
            Optional.of(new RolloutGate(100, RolloutGate.ErrorBudget.NONE, 2)), Position.startOf("targets/prod.yaml"));

    static RolloutTally tally(Map<Integer, RolloutTally.Wave> waves) {
        return new RolloutTally("prod", C, waves);
    }

    static RolloutTally.Wave wave(Set<String> applied, Set<String> failed, Set<String> held) {
        return new RolloutTally.Wave(applied, failed, held);
    }

    @Test
    void theNextWaveStartsOneBakePerWaveAfterTheCommitWhenItsGateIsOpen() {
        RolloutTally t = tally(Map.of(0, wave(Set.of("a", "b"), Set.of(), Set.of()), 1, wave(Set.of(), Set.of(), Set.of("c"))));

        assertThat(NextWaves.of(GATED, COMMITTED, t))
                .contains(new FleetView.NextWave(1, Instant.parse("2026-12-01T10:30:00Z"), Optional.empty()));
    }

    @Test
    void aClosedGateSaysWhatItWaitsForWithTheSameWordsAsThePlanner() {
        RolloutTally t = tally(Map.of(0, wave(Set.of("a"), Set.of(), Set.of())));

        assertThat(NextWaves.of(GATED, COMMITTED, t)).hasValueSatisfying(n -> {
            assertThat(n.wave()).isEqualTo(1);
            assertThat(n.earliestStart()).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
            assertThat(n.gate()).hasValueSatisfying(g -> assertThat(g)
                    .contains("1 host(s) of wave 1 (the canary) reported on this commit, 2 needed before wave 2 starts"));
        });
    }

    @Test
    void aStartedWaveIsSkippedAndTheOneAfterItCountsTwoBakes() {
        RolloutTally t = tally(Map.of(0, wave(Set.of("a", "b"), Set.of(), Set.of()), 1, wave(Set.of("c", "d"), Set.of(), Set.of())));

        assertThat(NextWaves.of(GATED, COMMITTED, t)).map(FleetView.NextWave::earliestStart)
                .contains(Instant.parse("2026-12-01T11:00:00Z"));
    }

    @Test
    void aHaltedRolloutOrOneWhoseWavesAllStartedHasNoNextWave() {
        RolloutTally halted = tally(Map.of(0, wave(Set.of("a"), Set.of("b"), Set.of())));
        RolloutTally done = tally(Map.of(0, wave(Set.of("a", "b"), Set.of(), Set.of()), 1, wave(Set.of("c", "d"), Set.of(), Set.of()),
                2, wave(Set.of("e"), Set.of(), Set.of())));

        assertThat(NextWaves.of(GATED, COMMITTED, halted)).isEmpty();
        assertThat(NextWaves.of(GATED, COMMITTED, done)).isEmpty();
    }

    @Test
    void aGatesPrometheusAnalysisIsListedNotJudged() {
        Rollout analysed = new Rollout(List.of(10, 100), Duration.ofMinutes(30), Optional.of(new RolloutGate(100,
                RolloutGate.ErrorBudget.NONE, 1, List.of(new Probe.Prometheus("http://prometheus:9090", "error_ratio",
                        new Threshold(Threshold.Comparison.BELOW, 0.05))))), Position.startOf("targets/prod.yaml"));
        RolloutTally t = tally(Map.of(0, wave(Set.of("a"), Set.of(), Set.of())));

        assertThat(NextWaves.of(analysed, COMMITTED, t)).hasValueSatisfying(n -> {
            assertThat(n.gate()).isEmpty();
            assertThat(n.analysis()).containsExactly("error_ratio < 0.05");
        });
    }

    @Test
    void withoutAGateOnlyTheBakeCounts() {
        Rollout timed = new Rollout(List.of(50, 100), Duration.ofMinutes(5), Position.startOf("targets/prod.yaml"));

        assertThat(NextWaves.of(timed, COMMITTED, tally(Map.of())))
                .contains(new FleetView.NextWave(1, Instant.parse("2026-12-01T10:05:00Z"), Optional.empty()));
    }
}
