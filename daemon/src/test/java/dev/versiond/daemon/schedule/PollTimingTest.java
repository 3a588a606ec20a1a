package dev.versiond.daemon.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.spec.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollTimingTest {
    private final PollTiming timing = new PollTiming(Duration.ofSeconds(60), 10, Duration.ofMinutes(10));

    @Test
    void baseDelayDoublesWithEachRemoteFailureUpToTheCap() {
        assertThat(timing.baseDelay(0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(timing.baseDelay(1)).isEqualTo(Duration.ofSeconds(120));
        assertThat(timing.baseDelay(2)).isEqualTo(Duration.ofSeconds(240));
        assertThat(timing.baseDelay(3)).isEqualTo(Duration.ofSeconds(480));
        assertThat(timing.baseDelay(4)).isEqualTo(Duration.ofMinutes(10));
        assertThat(timing.baseDelay(63)).isEqualTo(Duration.ofMinutes(10));
        assertThat(timing.baseDelay(10_000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitterMovesTheDelayUpToItsPercentageEitherWay() {
        assertThat(timing.delay(0, 0.0)).isEqualTo(Duration.ofSeconds(54));
        assertThat(timing.delay(0, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(timing.delay(0, 0.75)).isEqualTo(Duration.ofSeconds(63));
        assertThat(timing.delay(0, 0.999_999)).isBetween(Duration.ofMillis(65_999), Duration.ofSeconds(66));
        assertThat(timing.delay(2, 0.0)).isEqualTo(Duration.ofMillis(216_000));
    }

    @Test
    void noJitterMeansExactlyTheBase() {
        PollTiming exact = new PollTiming(Duration.ofMillis(100), 0, Duration.ofSeconds(1));

        assertThat(exact.delay(0, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(exact.delay(0, 0.9)).isEqualTo(Duration.ofMillis(100));
        assertThat(exact.delay(3, 0.3)).isEqualTo(Duration.ofMillis(800));
        assertThat(exact.delay(4, 0.3)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void nextPollCountsFromTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

        assertThat(timing.nextPoll(clock.instant(), 1, 0.5)).isEqualTo(Instant.parse("2026-11-21T10:02:00Z"));
    }

    @Test
    void onlyFailuresToReadTheRemoteCountTowardTheBackoff() {
        PassOutcome remote = PassOutcome.failed(Optional.empty(), "connection refused", ErrorCode.SOURCE);
        PassOutcome spec = PassOutcome.failed(Optional.empty(), "targets/web.yaml:3: bad", ErrorCode.SPEC_INVALID);

        assertThat(PollTiming.failuresAfter(0, remote)).isEqualTo(1);
        assertThat(PollTiming.failuresAfter(3, remote)).isEqualTo(4);
        assertThat(PollTiming.failuresAfter(3, spec)).isZero();
        assertThat(PollTiming.failuresAfter(3, PassOutcome.rolledBack(Optional.of(4L), "verify failed"))).isZero();
        assertThat(PollTiming.failuresAfter(3, PassOutcome.noChange(Optional.empty(), "ok"))).isZero();
    }

    @Test
    void capShorterThanTheIntervalIsRaisedToTheInterval() {
        PollTiming t = new PollTiming(Duration.ofMinutes(30), 0, Duration.ofMinutes(10));

        assertThat(t.maxBackoff()).isEqualTo(Duration.ofMinutes(30));
        assertThat(t.baseDelay(5)).isEqualTo(Duration.ofMinutes(30));
    }
}
