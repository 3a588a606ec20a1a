package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.StepPhase;
import org.junit.jupiter.api.Test;

class StepJournalPhaseTest {

    @Test
    void everyPlannedPhaseIsJournaledUnderTheWordThePlanShows() {
        for (StepPhase phase : StepPhase.values()) {
            assertThat(StepJournal.phase(phase).word()).as(phase.name()).isEqualTo(phase.word());
        }
    }
}
