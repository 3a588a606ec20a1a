package dev.versiond.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JournalPhaseTest {

    @Test
    void everyPhaseIsReadBackFromTheWordTheJournalStores() {
        for (JournalPhase phase : JournalPhase.values()) {
            assertThat(JournalPhase.of(phase.word())).isEqualTo(phase);
        }
        assertThat(JournalPhase.ON_CHANGE.word()).isEqualTo("on-change");
    }

    @Test
    void anUnknownWordIsRefusedByName() {
        assertThatThrownBy(() -> JournalPhase.of("sideways")).hasMessageContaining("'sideways'");
    }
}
