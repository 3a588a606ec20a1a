package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.PassRecord;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every rollback and downgrade is timed into history, status and the listener, against its migration's rto. */
class RollbackTimeTest extends EngineHost {

    private final List<ChangeRecord> timed = new ArrayList<>();

    private PassOutcome agentPass() {
        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), new PassListener() {
                @Override
                public void reversalTimed(ChangeRecord reversal) {
                    timed.add(reversal);
                }
            });
            PassOutcome outcome = agent.sync("test");
            assertThat(agent.status().reversals()).containsExactlyElementsOf(timed.isEmpty() ? List.of() : List.of(timed.get(timed.size() - 1)));
            return outcome;
        }
    }

    private ChangeRecord lastChange() {
        try (StateStore store = SqliteStateStore.open(state, Clock.systemUTC())) {
            PassRecord last = store.history(Optional.empty(), 1).get(0);
            return last.changes().get(0);
        }
    }

    @Test
    void aRollbackLongerThanItsRtoIsRecordedAndReportedAsExceeded() {
        converged();
        repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", "").replace("up:\n", "rto: 1ms\nup:\n"));
        breakVersion("1.1.0");
        pin("1.1.0");

        assertThat(agentPass()).isInstanceOf(PassOutcome.RolledBack.class);

        ChangeRecord rollback = lastChange();
        assertThat(rollback.kind()).isEqualTo("rollback");
        assertThat(rollback.rto()).contains(Duration.ofMillis(1));
        assertThat(rollback.duration()).hasValueSatisfying(d -> assertThat(d).isPositive());
        assertThat(rollback.exceededRto()).isTrue();
        assertThat(timed).singleElement().satisfies(t -> assertThat(t.exceededRto()).isTrue());
    }

    @Test
    void aDowngradeIsTimedAndWithinAGenerousRtoIsNotExceeded() {
        repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", "").replace("up:\n", "rto: 10m\nup:\n"));
        pin("1.1.0");
        converged();
        pin("1.0.0");

        assertThat(agentPass()).isInstanceOf(PassOutcome.Applied.class);

        ChangeRecord downgrade = lastChange();
        assertThat(downgrade.kind()).isEqualTo("downgrade");
        assertThat(downgrade.duration()).isPresent();
        assertThat(downgrade.rto()).contains(Duration.ofMinutes(10));
        assertThat(downgrade.exceededRto()).isFalse();
        assertThat(timed).containsExactly(downgrade);
    }
}
