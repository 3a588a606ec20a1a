package dev.versiond.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.Phase;
import dev.versiond.daemon.reconcile.Progress;
import dev.versiond.daemon.reconcile.StatusPush;
import dev.versiond.daemon.reconcile.Untrusted;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The status is written without Jackson's mapper; what it writes must be what the mapper wrote
 * (the CLI, the status page and operators' scripts read it): the same JSON, field by field, for a
 * status with every part present, one with every optional part empty, and the small maps.
 */
class RecordJsonTest {
    private static final ObjectMapper JACKSON = LazyJson.mapper();
    private static final Instant T = Instant.parse("2026-12-04T03:04:05.678Z");

    @Test
    void aStatusWithEveryPartPresentIsWrittenAsTheMapperWritesIt() throws Exception {
        Commit commit = new Commit("0123456789abcdef0123456789abcdef01234567", "refs/heads/main", T, "A <a@x>",
                "C <c@x>", "app 1.3.0", T.plusSeconds(30), true, Optional.of("ABCDEF0123456789"));
        AgentStatus status = new AgentStatus("web-01", Map.of("env", "prod", "zone", "b"), true, true, Phase.APPLYING,
                Optional.of(commit), Optional.of(T.plusSeconds(3600)), Optional.of(new Progress(2, 5, "app", "1.3.0", "restart")),
                Optional.of("pass failed: \"quoted\" \\ and \u00e9"), Optional.of(T.minusSeconds(60)),
                List.of(new ComponentStatus("app", Optional.of("1.2.0"), Optional.of("1.3.0"), ComponentState.PROGRESSING,
                                Optional.of("outside maintenance window"), Optional.of("step failed"),
                                Optional.of(Reason.WINDOW_CLOSED)),
                        new ComponentStatus("db", Optional.empty(), Optional.empty(), ComponentState.SYNCED,
                                Optional.empty(), Optional.empty(), Optional.empty())),
                Optional.of(new Untrusted(commit.id(), "the commit is not signed", Untrusted.SIGNATURE)),
                List.of(new ChangeRecord("app", Optional.of("1.3.0"), Optional.of("1.2.0"), "rollback",
                        Optional.of(Duration.ofMillis(12_345)), Optional.of(Duration.ofSeconds(10))),
                        new ChangeRecord("db", Optional.of("2.0.0"), Optional.of("1.0.0"), "downgrade",
                                Optional.of(Duration.ofMillis(1_500)), Optional.empty())),
                Optional.of(commit), Optional.of(commit.id()), List.of(),
                Optional.of(new StatusPush("ssh://git@example.org/status.git", Optional.of(T), Optional.of(commit.id()),
                        true, 3, Optional.of("rejected"), Optional.of(T.plusSeconds(90)))),
                Optional.of("the commit served is 2 d old"), Optional.of(Reason.SHARE_TOO_LARGE));

        assertSameJson(StatusView.of(status));
    }

    @Test
    void aStatusWithEveryOptionalPartEmptyIsWrittenAsTheMapperWritesIt() throws Exception {
        AgentStatus status = new AgentStatus("web-01", Map.of(), false, false, Phase.IDLE, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertSameJson(StatusView.of(status));
    }

    @Test
    void theSmallMapsOfAcknowledgementsAndErrorsAreWrittenAsTheMapperWritesThem() throws Exception {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error", "limit: 'x' is not a number from 1 to 500");
        error.put("code", "USAGE");
        assertSameJson(error);
        assertSameJson(Map.of("accepted", true));
    }

    @Test
    void aValueWithoutAJsonFormIsRefusedRatherThanWrittenWrong() {
        assertThatThrownBy(() -> RecordJson.write(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSameJson(Object value) throws Exception {
        String streamed = RecordJson.write(value);
        JsonNode mapped = JACKSON.readTree(JACKSON.writeValueAsString(value));
        assertThat(JACKSON.readTree(streamed)).isEqualTo(mapped);
        assertThat(mapped.size()).as("fields compared").isPositive();
    }
}
