package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.state.OpenRollback;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.state.StateStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pass as the reconciler runs it: when it writes nothing, and what comes before anything else. */
class ReconcilerTest extends EngineHost {

    @Test
    void aPassWithNothingToDoWritesNoHistory() {
        converged();

        assertThat(pass()).isInstanceOf(PassOutcome.NoChange.class);

        try (StateStore store = SqliteStateStore.open(state, Clock.systemUTC())) {
            assertThat(store.history(Optional.empty(), 10)).as("only the first pass").hasSize(1);
        }
    }

    @Test
    void aRollbackLeftOpenIsFinishedEvenWhenTheAgentIsSuspendedButAPreviewLeavesItAlone() {
        converged();
        breakVersion("1.2.0");
        pin("1.2.0");
        AtomicInteger reverses = new AtomicInteger();
        crashingPass((call, step) -> call.equals("reverse") && reverses.incrementAndGet() == 1);
        List<String> logAtCrash = log();

        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            PassReport preview = engine.reconciler().pass("plan", false, false, ProgressSink.none(), () -> false);
            assertThat(preview.outcome()).isNotInstanceOf(PassOutcome.RolledBack.class);
            assertThat(log()).as("a plan runs nothing").isEqualTo(logAtCrash);
            assertThat(engine.store().openRollback()).map(OpenRollback::stage).contains(OpenRollback.Stage.UNDO);

            PassReport suspended = engine.reconciler().pass("poll", true, true, ProgressSink.none(), () -> false);

            assertThat(suspended.outcome()).isInstanceOf(PassOutcome.RolledBack.class);
            assertThat(engine.store().openRollback()).isEmpty();
        }
        assertThat(recorded()).contains("1.0.0");
    }
}
