package dev.versiond.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.Rollout;
import dev.versiond.spec.model.RolloutGate;
import dev.versiond.spec.model.Threshold;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostReportTest {
    static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

    static HostReport report(Optional<Rollout> rollout) {
        return new HostReport("web-1", Map.of("env", "prod"), "0.1.0", AT, Optional.of("a".repeat(40)),
                Optional.of(AT.minusSeconds(600)), Optional.empty(), Optional.empty(),
                new HostReport.Pass("applied", "app 1.0.0", AT, 1200),
                List.of(new HostReport.TargetOutcome("prod", 1, Outcome.APPLIED, rollout)), List.of());
    }

    @Test
    void theCommitTimeAndTheRolloutPolicyRoundTripThroughTheStatusFile() {
        Probe.Prometheus errors = new Probe.Prometheus("http://prometheus:9090",
                "sum(rate(http_errors_total{host=\"{{host}}\"}[5m]))", new Threshold(Threshold.Comparison.BELOW, 0.05));
        Rollout rollout = new Rollout(List.of(1, 10, 100), Duration.ofMinutes(30),
                Optional.of(new RolloutGate(90, new RolloutGate.ErrorBudget(5, true), 3, List.of(errors))),
                Position.startOf("targets/prod.yaml"));

        HostReport back = HostReport.parse(new String(report(Optional.of(rollout)).toJson(), StandardCharsets.UTF_8), "test");

        assertThat(back.committedAt()).contains(AT.minusSeconds(600));
        assertThat(back.targets().get(0).rollout()).contains(rollout);
    }

    @Test
    void aReportWithoutAPolicyReadsBackWithout() {
        String json = new String(report(Optional.empty()).toJson(), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("\"rollout\"");
        assertThat(HostReport.parse(json, "test").targets().get(0).rollout()).isEmpty();
    }
}
