package dev.versiond.daemon.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versiond.daemon.reconcile.FakeAgent;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.spec.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollSchedulerTest {
    private static final Duration SHORT = Duration.ofMillis(100);

    private final FakeAgent agent = new FakeAgent();
    private final List<PollScheduler> started = new ArrayList<>();

    private PollScheduler scheduler(PollTiming timing, java.util.function.Consumer<PassOutcome> afterPass) {
        PollScheduler s = new PollScheduler(agent, timing, Clock.systemUTC(), new Random(7), afterPass);
        started.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        agent.releasePasses();
        started.forEach(s -> s.stop(Duration.ofSeconds(5)));
    }

    private long syncs(String trigger) {
        return agent.calls().stream().filter(c -> c.equals("sync:" + trigger)).count();
    }

    @Test
    void firstPassRunsAtStartThenPollsRepeatAtTheInterval() {
        PollScheduler s = scheduler(new PollTiming(SHORT, 0, Duration.ofSeconds(1)), o -> { });

        s.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> agent.calls().size() >= 5);
        assertThat(agent.calls().get(0)).isEqualTo("sync:startup");
        assertThat(agent.calls().subList(1, 5)).containsOnly("sync:poll");
        List<Instant> starts = agent.passStarts();
        for (int i = 1; i < 5; i++) {
            // Quartz may wake a couple of milliseconds early; never a whole interval.
            assertThat(Duration.between(starts.get(i - 1), starts.get(i))).isGreaterThan(SHORT.minusMillis(10));
        }
        assertThat(s.healthy()).isTrue();
        // A pass is counted when it starts; the next poll is scheduled only once it has ended.
        await().atMost(Duration.ofSeconds(2)).until(() -> s.nextPoll().isPresent());
    }

    @Test
    void passesNeverOverlapAndSyncRequestsDuringAPassCollapseIntoOne() {
        PollScheduler s = scheduler(new PollTiming(SHORT, 0, Duration.ofSeconds(1)), o -> { });
        agent.holdPasses();
        s.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> syncs("startup") == 1);

        for (int i = 0; i < 5; i++) {
            s.syncNow();
        }
        agent.releasePasses();

        await().atMost(Duration.ofSeconds(10)).until(() -> syncs("sync") == 1 && syncs("poll") >= 2);
        assertThat(syncs("sync")).isEqualTo(1);
        assertThat(agent.maxConcurrentPasses()).isEqualTo(1);
    }

    @Test
    void syncNowRunsAPassWithoutWaitingForThePoll() {
        PollScheduler s = scheduler(new PollTiming(Duration.ofHours(1), 0, Duration.ofHours(1)), o -> { });
        s.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> s.passes() == 1);

        s.syncNow();

        await().atMost(Duration.ofSeconds(5)).until(() -> syncs("sync") == 1);
        assertThat(syncs("poll")).isZero();
        assertThat(s.nextPoll()).hasValueSatisfying(
                next -> assertThat(next).isAfter(Instant.now().plus(Duration.ofMinutes(59))));
    }

    @Test
    void remoteFailuresBackOffExponentiallyAndTheFirstSuccessRestoresTheInterval() {
        PassOutcome down = PassOutcome.failed(Optional.empty(), "connection refused", ErrorCode.SOURCE);
        agent.queueOutcomes(down, down, down);
        List<Duration> delays = new CopyOnWriteArrayList<>();
        List<Integer> failures = new CopyOnWriteArrayList<>();
        AtomicReference<PollScheduler> self = new AtomicReference<>();
        PollScheduler s = scheduler(new PollTiming(SHORT, 0, Duration.ofMillis(600)), o -> {
            delays.add(self.get().lastDelay().orElseThrow());
            failures.add(self.get().consecutiveFailures());
        });
        self.set(s);

        s.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> delays.size() >= 5);
        assertThat(failures.subList(0, 5)).containsExactly(1, 2, 3, 0, 0);
        assertThat(delays.subList(0, 5)).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(600), SHORT, SHORT);
        List<Instant> starts = agent.passStarts();
        assertThat(Duration.between(starts.get(2), starts.get(3))).isGreaterThan(Duration.ofMillis(590));
    }

    @Test
    void stopWaitsForTheRunningPassOnlyUpToTheGrace() {
        PollScheduler s = scheduler(new PollTiming(SHORT, 0, Duration.ofSeconds(1)), o -> { });
        agent.holdPasses();
        s.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> syncs("startup") == 1);

        boolean finished = s.stop(Duration.ofMillis(200));

        assertThat(finished).isFalse();
        assertThat(s.healthy()).isFalse();
    }

    @Test
    void stopWhileIdleEndsCleanly() {
        PollScheduler s = scheduler(new PollTiming(Duration.ofHours(1), 0, Duration.ofHours(1)), o -> { });
        s.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> s.passes() == 1);

        assertThat(s.stop(Duration.ofSeconds(5))).isTrue();
        assertThat(s.healthy()).isFalse();
    }

    @Test
    void anAgentThatThrowsDoesNotStopThePolling() {
        agent.throwOnNextPass(new IllegalStateException("bug"));
        List<PassOutcome> outcomes = new CopyOnWriteArrayList<>();
        PollScheduler s = scheduler(new PollTiming(SHORT, 0, Duration.ofSeconds(1)), outcomes::add);

        s.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() >= 2);
        assertThat(outcomes.get(0)).isInstanceOfSatisfying(PassOutcome.Failed.class,
                f -> assertThat(f.code()).isEqualTo(ErrorCode.INTERNAL));
        assertThat(outcomes.get(1).result()).isEqualTo("no_change");
        assertThat(s.consecutiveFailures()).isZero();
    }
}
