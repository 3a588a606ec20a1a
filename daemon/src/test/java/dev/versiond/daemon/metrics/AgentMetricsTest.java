package dev.versiond.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.FakeAgent;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.PassPhase;
import dev.versiond.daemon.reconcile.PhaseTimes;
import dev.versiond.daemon.reconcile.Untrusted;
import dev.versiond.spec.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final AgentMetrics metrics = new AgentMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        metrics.close();
    }

    private static AgentStatus withComponents(boolean suspended, ComponentStatus... components) {
        AgentStatus s = FakeAgent.status(true, components);
        return new AgentStatus(s.host(), s.labels(), s.ready(), suspended, s.phase(), s.revision(), s.nextWindow(),
                s.progress(), s.lastError(), Optional.empty(), List.of(components));
    }

    private static ComponentStatus component(String name, String recorded, String desired, ComponentState state) {
        return new ComponentStatus(name, Optional.of(recorded), Optional.of(desired), state, Optional.empty(),
                Optional.empty());
    }

    @Test
    void passesAreTimedAndCountedByResult() {
        metrics.passFinished(PassOutcome.applied(Optional.of(1L), "app 1.2.0 -> 1.3.0", 4), Duration.ofSeconds(3));
        metrics.passFinished(PassOutcome.failed(Optional.empty(), "remote down", ErrorCode.SOURCE), Duration.ofMillis(20));
        metrics.passFinished(PassOutcome.noChange(Optional.empty(), "ok"), Duration.ofMillis(5));

        String text = metrics.scrape();

        assertThat(text)
                .contains("versiond_polls_total{result=\"applied\"} 1")
                .contains("versiond_polls_total{result=\"failed\"} 1")
                .contains("versiond_polls_total{result=\"no_change\"} 1")
                .contains("versiond_reconcile_duration_seconds_count{result=\"applied\"} 1")
                .contains("versiond_reconcile_duration_seconds_sum{result=\"applied\"} 3")
                .contains("versiond_reconcile_duration_seconds_bucket{result=\"failed\",le=\"+Inf\"} 1")
                .contains("versiond_reconcile_duration_seconds_bucket{result=\"applied\",le=\"1800.0\"} 1")
                .contains("versiond_last_success_timestamp_seconds " + (double) NOW.getEpochSecond());
    }

    @Test
    void eachPhaseOfAPassIsTimedUnderItsName() {
        metrics.passPhases(new PhaseTimes(Map.of(PassPhase.LS_REMOTE, Duration.ofMillis(4),
                PassPhase.FETCH, Duration.ofMillis(120), PassPhase.PLAN, Duration.ofMillis(30))));
        metrics.passPhases(new PhaseTimes(Map.of(PassPhase.LS_REMOTE, Duration.ofMillis(6))));

        String text = metrics.scrape();

        assertThat(text)
                .contains("versiond_pass_phase_seconds_count{phase=\"ls-remote\"} 2")
                .contains("versiond_pass_phase_seconds_sum{phase=\"ls-remote\"} 0.01")
                .contains("versiond_pass_phase_seconds_count{phase=\"fetch\"} 1")
                .contains("versiond_pass_phase_seconds_max{phase=\"plan\"} 0.03")
                .doesNotContain("phase=\"execute\"");
    }

    @Test
    void stepsAreTimedByKindAndOutcomeAndFailuresCountedByKind() {
        metrics.stepFinished("run", "applied", Duration.ofMillis(250));
        metrics.stepFinished("check", "failed", Duration.ofSeconds(1));
        metrics.rolledBack();

        String text = metrics.scrape();

        assertThat(text)
                .contains("versiond_step_duration_seconds_count{kind=\"run\",outcome=\"applied\"} 1")
                .contains("versiond_step_duration_seconds_count{kind=\"check\",outcome=\"failed\"} 1")
                .contains("versiond_step_failures_total{kind=\"check\"} 1")
                .contains("versiond_step_failures_total{kind=\"run\"} 0")
                .contains("versiond_rollbacks_total 1");
    }

    @Test
    void rollbacksAndDowngradesAreTimedAndThoseOverTheirRtoCounted() {
        metrics.reversalTimed(new dev.versiond.daemon.state.ChangeRecord("cms", java.util.Optional.of("1.0.0"),
                java.util.Optional.of("1.0.0"), "rollback", java.util.Optional.of(Duration.ofSeconds(90)),
                java.util.Optional.of(Duration.ofMinutes(1))));
        metrics.reversalTimed(new dev.versiond.daemon.state.ChangeRecord("cms", java.util.Optional.of("1.1.0"),
                java.util.Optional.of("1.0.0"), "downgrade", java.util.Optional.of(Duration.ofSeconds(2)),
                java.util.Optional.empty()));

        String text = metrics.scrape();

        assertThat(text).contains("versiond_rollback_duration_seconds_sum{component=\"cms\",kind=\"rollback\"} 90.0")
                .contains("versiond_rollback_duration_seconds_count{component=\"cms\",kind=\"downgrade\"} 1")
                .contains("versiond_rto_exceeded_total{component=\"cms\"} 1.0");
    }

    @Test
    void untrustedCommitsAreCountedByReasonFromZero() {
        assertThat(metrics.scrape())
                .contains("versiond_untrusted_commits_total{reason=\"signature\"} 0")
                .contains("versiond_untrusted_commits_total{reason=\"non_descendant\"} 0");

        metrics.untrusted(new Untrusted("abc1234def5678abc1234def5678abc1234def56", "the commit is not signed",
                Untrusted.SIGNATURE));

        assertThat(metrics.scrape())
                .contains("versiond_untrusted_commits_total{reason=\"signature\"} 1")
                .contains("versiond_untrusted_commits_total{reason=\"non_descendant\"} 0");
    }

    @Test
    void aDegradedComponentCarriesItsTypedReasonAsALabel() {
        metrics.statusChanged(withComponents(false, new ComponentStatus("app", Optional.of("1.0.0"), Optional.of("1.2.0"),
                ComponentState.DEGRADED, Optional.of("rollback failed"), Optional.empty(),
                Optional.of(dev.versiond.daemon.state.Reason.ROLLBACK_FAILED))));

        assertThat(metrics.scrape())
                .contains("versiond_component_state{component=\"app\",state=\"Degraded\"} 1")
                .contains("versiond_component_info{component=\"app\",desired=\"1.2.0\",reason=\"rollback-failed\",recorded=\"1.0.0\"} 1");
    }

    @Test
    void componentStateIsOneForTheCurrentStateAndZeroForEachOther() {
        metrics.statusChanged(withComponents(false, component("app", "1.2.0", "1.3.0", ComponentState.WAITING)));

        String text = metrics.scrape();

        assertThat(text).contains("versiond_component_state{component=\"app\",state=\"Waiting\"} 1");
        for (ComponentState other : List.of(ComponentState.SYNCED, ComponentState.OUT_OF_SYNC,
                ComponentState.PROGRESSING, ComponentState.DEGRADED, ComponentState.BLOCKED)) {
            assertThat(text).contains("versiond_component_state{component=\"app\",state=\"" + other.label() + "\"} 0");
        }
        assertThat(text).contains("versiond_component_info{component=\"app\",desired=\"1.3.0\",reason=\"none\",recorded=\"1.2.0\"} 1");
        assertThat(text).contains("versiond_suspended 0");
    }

    @Test
    void changedVersionsReplaceTheInfoSeriesAndVanishedComponentsLoseTheirs() {
        metrics.statusChanged(withComponents(false, component("app", "1.2.0", "1.3.0", ComponentState.OUT_OF_SYNC),
                component("db", "9.0.0", "9.0.0", ComponentState.SYNCED)));
        metrics.statusChanged(withComponents(true, component("app", "1.3.0", "1.3.0", ComponentState.SYNCED)));

        String text = metrics.scrape();

        assertThat(text)
                .contains("versiond_component_info{component=\"app\",desired=\"1.3.0\",reason=\"none\",recorded=\"1.3.0\"} 1")
                .doesNotContain("recorded=\"1.2.0\"")
                .doesNotContain("component=\"db\"")
                .contains("versiond_component_state{component=\"app\",state=\"Synced\"} 1")
                .contains("versiond_component_state{component=\"app\",state=\"OutOfSync\"} 0")
                .contains("versiond_suspended 1");
    }

    @Test
    void componentWithoutARecordedVersionIsTaggedNone() {
        metrics.statusChanged(withComponents(false, new ComponentStatus("new", Optional.empty(),
                Optional.of("1.0.0"), ComponentState.OUT_OF_SYNC, Optional.empty(), Optional.empty())));

        assertThat(metrics.scrape())
                .contains("versiond_component_info{component=\"new\",desired=\"1.0.0\",reason=\"none\",recorded=\"none\"} 1");
    }

    @Test
    void jvmAndProcessMetricsArePresent() {
        assertThat(metrics.scrape())
                .contains("jvm_memory_used_bytes")
                .contains("jvm_threads_live_threads")
                .contains("jvm_classes_loaded_classes")
                .contains("process_cpu_usage")
                .contains("process_uptime_seconds")
                .contains("process_files_open_files")
                .contains("versiond_rollbacks_total 0");
    }

    @Test
    void statusLastSuccessWinsOverThePassClock() {
        AgentStatus s = FakeAgent.status(true, FakeAgent.synced("app", "1.0.0"));
        metrics.statusChanged(s);

        assertThat(metrics.scrape()).contains("versiond_last_success_timestamp_seconds "
                + (double) s.lastSuccess().orElseThrow().getEpochSecond());
    }
}
