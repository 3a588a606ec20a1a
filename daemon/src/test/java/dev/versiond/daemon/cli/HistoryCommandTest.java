package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.state.PassRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code versiond history} prints a pass's phase times, as text and as JSON. */
class HistoryCommandTest {
    private static PassRecord pass(Map<String, Double> phases) {
        return new PassRecord(7, "poll", Optional.of("0123456789abcdef0123"), Optional.empty(),
                Instant.parse("2026-03-01T12:00:00Z"), Optional.of(Instant.parse("2026-03-01T12:00:01Z")), "applied",
                "", Optional.empty(), List.of(), List.of(), phases);
    }

    @Test
    void thePhasesOfAPassArePrintedInTheOrderTheyRanInMilliseconds() {
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("ls-remote", 0.0042);
        phases.put("fetch", 0.12);
        phases.put("execute", 1.5);

        assertThat(HistoryCommand.text(pass(phases)))
                .contains("  phases ls-remote 4.2ms, fetch 120.0ms, execute 1500.0ms\n");
        assertThat(Json.write(List.of(pass(phases))).replaceAll("\\s+", ""))
                .contains("\"phaseSeconds\":{\"ls-remote\":0.0042,\"fetch\":0.12,\"execute\":1.5}");
    }

    @Test
    void aPassRecordedBeforePhasesWereTimedPrintsNoPhasesLine() {
        assertThat(HistoryCommand.text(pass(Map.of()))).doesNotContain("phases");
    }
}
