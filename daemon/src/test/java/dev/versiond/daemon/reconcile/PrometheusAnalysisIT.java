package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.plan.RolloutTally;
import dev.versiond.daemon.plan.Waves;
import dev.versiond.daemon.testing.PrometheusServer;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Rollout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code prometheus} probe against a real Prometheus (Debian's package, run by the test on a
 * private port) that scrapes a gauge the test sets: in a migration's {@code verify}, where a metric
 * over its threshold rolls the release back, and in a rollout gate's {@code analysis}, where it keeps
 * the next wave closed until the metric recovers.
 */
class PrometheusAnalysisIT extends EngineHost {
    @TempDir
    static Path serverDir;
    private static Optional<PrometheusServer> prometheus;

    @BeforeAll
    static void startPrometheus() {
        prometheus = PrometheusServer.start(serverDir);
    }

    @AfterAll
    static void stopPrometheus() {
        prometheus.ifPresent(PrometheusServer::close);
    }

    /** A verify check of the version's own error ratio: a release that raises it is rolled back to one that does not. */
    private String errorRateCheck(String version) {
        return "  - id: error-rate\n    check: { prometheus: \"" + prometheus.orElseThrow().url()
                + "\", query: 'max(app_error_ratio{version=\"" + version + "\"})', below: 0.05, interval: 200ms, "
                + "deadline: 3s }\n";
    }

    @Test
    void aVerifyQueryOverItsThresholdRollsTheReleaseBack() {
        assumeTrue(prometheus.isPresent(), "skipped on purpose: " + PrometheusServer.OPT_OUT + "=1");
        repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", errorRateCheck("1.1.0")));
        repo.write("components/app/migrations/1.2.0.yaml", migration("1.2.0", errorRateCheck("1.2.0")));
        prometheus.get().set("app_error_ratio{version=\"1.1.0\"}", 0.01);
        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);
        pin("1.1.0");
        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);
        assertThat(recorded()).contains("1.1.0");

        prometheus.get().set("app_error_ratio{version=\"1.2.0\"}", 0.5);
        pin("1.2.0");
        PassOutcome outcome = pass();

        assertThat(outcome).isInstanceOf(PassOutcome.RolledBack.class);
        assertThat(outcome.summary()).contains("query 'max(app_error_ratio{version=\"1.2.0\"})' on " + prometheus.get().url() + " = 0.5")
                .contains("needs < 0.05");
        assertThat(recorded()).contains("1.1.0");
        assertThat(tree()).containsEntry("opt/app/VERSION", "1.1.0\n");
    }

    @Test
    void aGatesAnalysisKeepsTheNextWaveClosedWhileItFailsAndOpensItWhenItPasses() {
        assumeTrue(prometheus.isPresent(), "skipped on purpose: " + PrometheusServer.OPT_OUT + "=1");
        Rollout rollout = new Rollout(List.of(1, 100), Duration.ofSeconds(1), Optional.empty(), new Position("t", 1, 1));
        String host = IntStream.range(0, 1000).mapToObj(i -> "web-" + i)
                .filter(h -> Waves.waveOf(h, rollout) == 1).findFirst().orElseThrow();
        repo.write("targets/all.yaml", """
                kind: Target
                name: all
                components:
                  app: { version: 1.1.0 }
                rollout:
                  waves: [1, 100]
                  bake: 1s
                  analysis:
                    - prometheus: "%s"
                      query: max(fleet_error_ratio)
                      below: 0.05
                """.formatted(prometheus.get().url()));
        String commit = repo.commit("app 1.1.0 in waves, gated on the error ratio");
        FleetStatus canaryApplied = new FleetStatus() {
            @Override
            public Optional<RolloutTally> tally(String target, String c, int beforeWave) {
                return Optional.of(new RolloutTally(target, c, Map.of(0, new RolloutTally.Wave(Set.of("canary-1"),
                        Set.of(), Set.of()))));
            }

            @Override
            public Optional<String> lastApplied() {
                return Optional.empty();
            }
        };
        Engine.Options o = options();
        Engine.Options wave2 = new Engine.Options(o.repo(), o.ref(), o.path(), o.stateDir(), o.root(),
                new HostIdentity(host, Map.of()), o.systemctl(), o.allowNonDescendant(), false);

        prometheus.get().set("fleet_error_ratio", 0.5);
        try (Engine engine = Engine.open(wave2, Clock.systemUTC(), canaryApplied)) {
            PassOutcome held = engine.reconciler().pass("test", true, false, ProgressSink.none(), () -> false).outcome();
            assertThat(held).isInstanceOf(PassOutcome.Waiting.class);
            assertThat(held.summary()).contains("the rollout's analysis did not pass, so wave 2 waits")
                    .contains("max(fleet_error_ratio)").contains("= 0.5").contains("needs < 0.05");

            prometheus.get().set("fleet_error_ratio", 0.01);
            PassOutcome applied = engine.reconciler().pass("test", true, false, ProgressSink.none(), () -> false).outcome();
            assertThat(applied).as("commit %s", commit).isInstanceOf(PassOutcome.Applied.class);
        }
        assertThat(recorded()).contains("1.1.0");
    }
}
