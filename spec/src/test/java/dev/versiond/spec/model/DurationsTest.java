package dev.versiond.spec.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsEachUnit() {
        assertThat(Durations.tryParse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.tryParse("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.tryParse("5m")).contains(Duration.ofMinutes(5));
        assertThat(Durations.tryParse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.tryParse("1d")).contains(Duration.ofDays(1));
    }

    @Test
    void refusesMissingUnitsUnknownUnitsAndSigns() {
        assertThat(Durations.tryParse("30")).isEmpty();
        assertThat(Durations.tryParse("5x")).isEmpty();
        assertThat(Durations.tryParse("-5s")).isEmpty();
        assertThat(Durations.tryParse("1h30m")).isEmpty();
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }
}
