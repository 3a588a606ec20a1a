package dev.versiond.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.reconcile.Phase;
import dev.versiond.daemon.reconcile.PhaseTimes;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules that turn a pass into notifications, for the states a real pass of the fleet leaves. */
class EventDeriverTest {
    private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aRolloutHaltedByTheFleetIsToldOnceAndRecoversWhenANewCommitLetsTheComponentMove() {
        EventDeriver deriver = new EventDeriver();
        ComponentStatus halted = new ComponentStatus("cms", Optional.of("1.0.0"), Optional.of("1.1.0"),
                ComponentState.HALTED, Optional.of("target 'prod': rollout halted: 2 of 2 canaries failed"),
                Optional.empty(), Optional.of(Reason.ROLLOUT_HALTED));

        List<Event> first = deriver.next(waiting(1), status(halted), AT);
        List<Event> again = deriver.next(waiting(2), status(halted), AT.plusSeconds(60));
        ComponentStatus moved = new ComponentStatus("cms", Optional.of("1.1.1"), Optional.of("1.1.1"),
                ComponentState.SYNCED, Optional.empty(), Optional.empty(), Optional.empty());
        List<Event> after = deriver.next(report(new PassOutcome.NoChange(Optional.of(3L), "in sync")), status(moved),
                AT.plusSeconds(120));

        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.ROLLOUT_HALTED);
            assertThat(e.component()).contains("cms");
            assertThat(e.reason()).contains(Reason.ROLLOUT_HALTED);
            assertThat(e.summary()).contains("2 of 2 canaries failed");
        });
        assertThat(again).isEmpty();
        assertThat(after).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(EventKind.RECOVERED));
        assertThat(EventKind.ROLLOUT_HALTED.alertName()).isEqualTo("VersiondRolloutHalted");
    }

    @Test
    void aRollbackOverItsRtoIsToldOnceWithItsDurationAndRtoAndIsNeverRecovered() {
        EventDeriver deriver = new EventDeriver();
        ComponentStatus blocked = new ComponentStatus("cms", Optional.of("1.0.0"), Optional.of("1.1.0"),
                ComponentState.BLOCKED, Optional.of("1.1.0 failed at commit 9f3c; rolled back"), Optional.empty(),
                Optional.of(Reason.FAILED_AT_COMMIT));
        ChangeRecord slow = new ChangeRecord("cms", Optional.of("1.0.0"), Optional.of("1.0.0"), "rollback",
                Optional.of(Duration.ofSeconds(432, 100_000_000)), Optional.of(Duration.ofMinutes(5)));
        PassReport rolledBack = report(new PassOutcome.RolledBack(Optional.of(7L), "cms 1.1.0 failed"));

        List<Event> first = deriver.next(rolledBack, status(blocked), List.of(slow), AT);
        List<Event> again = deriver.next(waiting(8), status(blocked), List.of(), AT.plusSeconds(60));
        ComponentStatus moved = new ComponentStatus("cms", Optional.of("1.1.1"), Optional.of("1.1.1"),
                ComponentState.SYNCED, Optional.empty(), Optional.empty(), Optional.empty());
        List<Event> after = deriver.next(report(new PassOutcome.Applied(Optional.of(9L), "applied", 1)), status(moved),
                List.of(), AT.plusSeconds(120));

        assertThat(first).extracting(Event::kind).containsExactly(EventKind.ROLLED_BACK, EventKind.RTO_EXCEEDED);
        assertThat(first.get(1)).satisfies(e -> {
            assertThat(e.component()).contains("cms");
            assertThat(e.from()).as("the version reversed").contains("1.1.0");
            assertThat(e.to()).as("the version restored").contains("1.0.0");
            assertThat(e.took()).contains(Duration.ofMillis(432_100));
            assertThat(e.rto()).contains(Duration.ofMinutes(5));
            assertThat(e.passId()).contains(7L);
            assertThat(e.summary()).isEqualTo("rollback of cms 1.1.0 to 1.0.0 took 432.1s, more than its rto of 5m");
        });
        assertThat(again).as("told once").isEmpty();
        assertThat(after).as("only the rollback recovers; a notice has nothing to recover from").singleElement()
                .satisfies(e -> assertThat(e.problem()).isEqualTo(EventKind.ROLLED_BACK));
        assertThat(EventKind.RTO_EXCEEDED.alertName()).isEqualTo("VersiondRtoExceeded");
    }

    @Test
    void aDowngradeWithinItsRtoOrWithoutOneTellsNothing() {
        EventDeriver deriver = new EventDeriver();
        ComponentStatus synced = new ComponentStatus("cms", Optional.of("1.0.0"), Optional.of("1.0.0"),
                ComponentState.SYNCED, Optional.empty(), Optional.empty(), Optional.empty());
        ChangeRecord quick = new ChangeRecord("cms", Optional.of("1.1.0"), Optional.of("1.0.0"), "downgrade",
                Optional.of(Duration.ofSeconds(3)), Optional.of(Duration.ofMinutes(5)));
        ChangeRecord noRto = new ChangeRecord("cms", Optional.of("1.1.0"), Optional.of("1.0.0"), "downgrade",
                Optional.of(Duration.ofHours(3)), Optional.empty());

        assertThat(deriver.next(report(new PassOutcome.Applied(Optional.of(1L), "applied", 1)), status(synced),
                List.of(quick, noRto), AT)).isEmpty();
    }

    @Test
    void aDowngradeOverItsRtoNamesTheVersionItLeft() {
        ComponentStatus synced = new ComponentStatus("cms", Optional.of("1.0.0"), Optional.of("1.0.0"),
                ComponentState.SYNCED, Optional.empty(), Optional.empty(), Optional.empty());
        ChangeRecord slow = new ChangeRecord("cms", Optional.of("1.2.0"), Optional.of("1.0.0"), "downgrade",
                Optional.of(Duration.ofSeconds(90)), Optional.of(Duration.ofMinutes(1)));

        assertThat(new EventDeriver().next(report(new PassOutcome.Applied(Optional.of(1L), "applied", 1)),
                status(synced), List.of(slow), AT)).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(EventKind.RTO_EXCEEDED);
                    assertThat(e.summary()).isEqualTo("downgrade of cms 1.2.0 to 1.0.0 took 90.0s, more than its rto of 1m");
                    assertThat(e.state()).isEqualTo("Synced");
                });
    }

    private static PassReport waiting(long passId) {
        return report(new PassOutcome.Waiting(Optional.of(passId), "held back"));
    }

    private static PassReport report(PassOutcome outcome) {
        return new PassReport(outcome, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Redactor.none(), PhaseTimes.NONE);
    }

    private static AgentStatus status(ComponentStatus component) {
        return new AgentStatus("web-01", Map.of("env", "prod"), true, false, Phase.IDLE, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(component),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty());
    }
}
