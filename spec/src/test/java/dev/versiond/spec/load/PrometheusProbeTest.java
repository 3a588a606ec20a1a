package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.RolloutGate;
import dev.versiond.spec.model.Threshold;
import dev.versiond.spec.model.Version;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a {@code prometheus} check and a rollout gate's {@code analysis} are read. */
class PrometheusProbeTest {
    private static final String CMS_110 = "components/cms/migrations/1.1.0.yaml";

    @Test
    void aPrometheusCheckIsReadWithItsServerQueryAndThreshold() {
        LoadResult result = new SpecLoader().load(MapTree.sample().with(CMS_110, """
                kind: Migration
                version: 1.1.0
                up:
                  - id: unpack
                    link: { path: /opt/cms/current, target: releases/1.1.0 }
                verify:
                  - id: error-rate
                    check:
                      prometheus: http://127.0.0.1:9090
                      query: sum(rate(cms_errors_total{instance="{{host}}"}[1m]))
                      below: 0.5
                      interval: 10s
                      deadline: 2m
                """));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        CheckStep check = (CheckStep) result.state().orElseThrow().component("cms").orElseThrow()
                .migration(Version.parse("1.1.0")).orElseThrow().verify().get(0);
        Probe.Prometheus probe = (Probe.Prometheus) check.probe();
        assertThat(probe.server()).isEqualTo("http://127.0.0.1:9090");
        assertThat(probe.queryFor("web-07")).isEqualTo("sum(rate(cms_errors_total{instance=\"web-07\"}[1m]))");
        assertThat(probe.threshold()).isEqualTo(new Threshold(Threshold.Comparison.BELOW, 0.5));
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(check.deadline()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aRolloutGateMayCarryAnalysisQueriesAndAGateOfAnalysisAloneUsesTheDefaults() {
        String target = """
                kind: Target
                name: prod
                components:
                  db: { version: 1.0.0 }
                  cms: { version: 1.0.0, config: { port: 8080 } }
                rollout:
                  waves: [10, 100]
                  bake: 5m
                  analysis:
                    - prometheus: http://prometheus.internal:9090/
                      query: max(cms_error_ratio)
                      atMost: 0.02
                    - prometheus: http://prometheus.internal:9090/
                      query: min(up{job="cms"})
                      atLeast: 1
                """;
        LoadResult result = new SpecLoader().load(MapTree.sample().with("targets/prod.yaml", target));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        DesiredState state = result.state().orElseThrow();
        RolloutGate gate = state.targets().get(0).rollout().orElseThrow().gate().orElseThrow();
        assertThat(gate.analysis()).extracting(Probe.Prometheus::query).containsExactly("max(cms_error_ratio)",
                "min(up{job=\"cms\"})");
        assertThat(gate.analysis().get(0).threshold()).hasToString("≤ 0.02");
        assertThat(gate.analysis().get(1).threshold()).hasToString("≥ 1");
        assertThat(gate.minHealthyPercent()).isEqualTo(RolloutGate.DEFAULT_MIN_HEALTHY_PERCENT);
        assertThat(gate.minReporters()).isEqualTo(RolloutGate.DEFAULT_MIN_REPORTERS);
    }
}
