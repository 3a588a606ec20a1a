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
import dev.versiond.daemon.state.Reason;
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
