package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditCommandTest {
    @Test
    void sinceTakesADateAtMidnightUtcOrADateTimeWithOrWithoutAnOffset() {
        assertThat(AuditCommand.since("2026-12-01")).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(AuditCommand.since("2026-12-01T10:00:00Z")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(AuditCommand.since("2026-12-01T10:00:00+02:00")).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(AuditCommand.since("2026-12-01T10:00")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void durationsInTheTableShowTheirTwoLargestUnits() {
        assertThat(AuditCommand.human(java.time.Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(AuditCommand.human(java.time.Duration.ofMillis(1404))).isEqualTo("1.4s");
        assertThat(AuditCommand.human(java.time.Duration.ofSeconds(185))).isEqualTo("3m05s");
        assertThat(AuditCommand.human(java.time.Duration.ofMinutes(130))).isEqualTo("2h10m");
        assertThat(AuditCommand.human(java.time.Duration.ofMillis(29091712715L))).isEqualTo("336d17h");
    }

    @Test
    void aSinceThatIsNeitherIsAUsageErrorNamingTheOption() {
        assertThatThrownBy(() -> AuditCommand.since("last tuesday")).isInstanceOfSatisfying(VersiondException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).startsWith("--since: 'last tuesday' is not an ISO date");
        });
        assertThat(ExitCode.of(ErrorCode.USAGE).code()).isEqualTo(64);
    }
}
