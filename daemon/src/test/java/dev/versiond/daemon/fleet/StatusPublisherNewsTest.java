package dev.versiond.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.reconcile.PassOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which reports are worth a status push: the host changed, or its last pass says something new. */
class StatusPublisherNewsTest {
    static final String C = "ab".repeat(20);
    static final Instant T = Instant.parse("2026-12-03T12:00:00Z");
    static final PassOutcome APPLIED = new PassOutcome.Applied(Optional.of(1L), "applied", 2);
    static final PassOutcome NO_CHANGE = new PassOutcome.NoChange(Optional.of(2L), "in sync");
    static final PassOutcome ROLLED_BACK = new PassOutcome.RolledBack(Optional.of(3L), "rolled back");
    static final PassOutcome FAILED = new PassOutcome.Failed(Optional.empty(), "remote unreachable");
    static final PassOutcome WAITING = new PassOutcome.Waiting(Optional.empty(), "wave pending");

    private static HostReport report(PassOutcome pass, String version, String state, Outcome outcome, Instant at) {
        return new HostReport("web-1", Map.of("env", "prod"), "1.0", at, Optional.of(C), Optional.empty(), Optional.empty(), Optional.of(C),
                new HostReport.Pass(pass.result(), pass.summary(), at, 40), List.of(new HostReport.TargetOutcome("prod", 1, outcome)),
                List.of(new HostReport.ComponentReport("app", Optional.of(version), Optional.of(version), state,
                        Optional.empty(), Optional.empty())));
    }

    private static HostReport synced(PassOutcome pass, Instant at) {
        return report(pass, "1.1.0", "Synced", Outcome.APPLIED, at);
    }

    @Test
    void theFirstReportIsNews() {
        assertThat(StatusPublisher.news(Optional.empty(), synced(NO_CHANGE, T))).isTrue();
    }

    @Test
    void aPassThatChangedNothingAfterAnApplyIsNoNews() {
        assertThat(StatusPublisher.news(Optional.of(synced(APPLIED, T)), synced(NO_CHANGE, T.plusSeconds(60)))).isFalse();
        assertThat(StatusPublisher.news(Optional.of(synced(NO_CHANGE, T)), synced(NO_CHANGE, T.plusSeconds(60)))).isFalse();
    }

    @Test
    void aPassThatChangedTheHostIsNewsEvenWhenTheHostEndsAsItWas() {
        // A drift corrected by self-heal: applied, and the host is Synced before and after.
        assertThat(StatusPublisher.news(Optional.of(synced(APPLIED, T)), synced(APPLIED, T.plusSeconds(60)))).isTrue();
    }

    @Test
    void aPassThatChangedNothingAfterARollbackIsNoNewsWhileTheHostIsAsTheRollbackLeftIt() {
        HostReport rolledBack = report(ROLLED_BACK, "1.0.0", "Blocked", Outcome.FAILED, T);
        assertThat(StatusPublisher.news(Optional.of(rolledBack), report(NO_CHANGE, "1.0.0", "Blocked", Outcome.FAILED,
                T.plusSeconds(60)))).isFalse();
    }

    @Test
    void aRecoveryAfterAFailedPassIsNewsThoughTheHostIsTheSame() {
        assertThat(StatusPublisher.news(Optional.of(synced(FAILED, T)), synced(NO_CHANGE, T.plusSeconds(60)))).isTrue();
        assertThat(StatusPublisher.news(Optional.of(synced(NO_CHANGE, T)), synced(FAILED, T.plusSeconds(60)))).isTrue();
    }

    @Test
    void theFleetsCountsInAHeldComponentsMessageAreNoNewsButItsReasonIs() {
        HostReport closed = held("wave-gate-closed", "2 of 27 reporting host(s) of waves 1-2 applied this commit", T);
        assertThat(StatusPublisher.news(Optional.of(closed), held("wave-gate-closed",
                "12 of 27 reporting host(s) of waves 1-2 applied this commit", T.plusSeconds(60)))).isFalse();
        assertThat(StatusPublisher.news(Optional.of(closed), held("rollout-halted",
                "rollout halted: 3 of 27 reporting host(s) failed", T.plusSeconds(60)))).isTrue();
        HostReport pending = held("wave-pending", "rollout wave 3 of 4 starts 2026-12-03T12:01:00Z", T);
        assertThat(StatusPublisher.news(Optional.of(pending), held("wave-pending",
                "rollout wave 3 of 4 starts 2026-12-03T12:02:00Z", T.plusSeconds(60)))).as("a host's own schedule is news")
                .isTrue();
    }

    private static HostReport held(String reason, String message, Instant at) {
        return new HostReport("web-1", Map.of(), "1.0", at, Optional.of(C), Optional.empty(), Optional.empty(), Optional.of(C),
                new HostReport.Pass(WAITING.result(), message, at, 40), List.of(new HostReport.TargetOutcome("prod", 2, Outcome.HELD)),
                List.of(new HostReport.ComponentReport("app", Optional.of("1.0.0"), Optional.of("1.1.0"), "Waiting",
                        Optional.of(reason), Optional.of(message))));
    }

    @Test
    void anyChangeOfTheHostIsNewsWhateverThePassSays() {
        HostReport held = report(WAITING, "1.0.0", "Waiting", Outcome.HELD, T);
        assertThat(StatusPublisher.news(Optional.of(held), synced(APPLIED, T.plusSeconds(60)))).isTrue();
        assertThat(StatusPublisher.news(Optional.of(synced(APPLIED, T)), report(NO_CHANGE, "1.1.0", "OutOfSync",
                Outcome.HELD, T.plusSeconds(60)))).isTrue();
    }
}
