package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.PassRecord;
import dev.versiond.daemon.state.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link Agent} for tests of the edges (scheduler, HTTP API, CLI): answers with canned data, records
 * every call, and counts how many passes run at once. It does not serialise {@link #sync} itself, so a
 * scheduler that overlapped passes would show {@link #maxConcurrentPasses()} above one.
 */
public final class FakeAgent implements Agent {
    public static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private final AtomicReference<AgentStatus> status = new AtomicReference<>(status(true, synced("app", "1.2.0")));
    private final Deque<PassOutcome> outcomes = new ArrayDeque<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Instant> passStarts = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicReference<Semaphore> gate = new AtomicReference<>();
    private final AtomicReference<RuntimeException> nextThrow = new AtomicReference<>();
    private final AtomicReference<RuntimeException> planFailure = new AtomicReference<>();
    private volatile String lastHistoryQuery = "";

    /** A status with the given readiness and components, on host web-01 at commit abc123…. */
    public static AgentStatus status(boolean ready, ComponentStatus... components) {
        return new AgentStatus("web-01", Map.of("env", "prod"), ready, false, Phase.IDLE,
                Optional.of(new Commit("abc1234def5678abc1234def5678abc1234def56", "main", T0, "Ops <ops@example.com>",
                        "Ops <ops@example.com>", "Release app 1.3.0", T0.plusSeconds(5), true,
                        Optional.of("ops@example.com"))),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(6)),
                List.of(components));
    }

    public static ComponentStatus synced(String name, String version) {
        return new ComponentStatus(name, Optional.of(version), Optional.of(version), ComponentState.SYNCED,
                Optional.empty(), Optional.empty());
    }

    public static ComponentStatus waiting(String name, String recorded, String desired, String reason) {
        return new ComponentStatus(name, Optional.of(recorded), Optional.of(desired), ComponentState.WAITING,
                Optional.of(reason), Optional.empty());
    }

    public void setStatus(AgentStatus s) {
        status.set(s);
    }

    /** The outcomes the next passes return, in order; after them, no_change. */
    public synchronized void queueOutcomes(PassOutcome... next) {
        outcomes.addAll(List.of(next));
    }

    /** Makes the next pass break its promise and throw (the scheduler must survive it). */
    public void throwOnNextPass(RuntimeException e) {
        nextThrow.set(e);
    }

    /** Makes every pass wait for a permit of the returned semaphore before it ends. */
    public Semaphore holdPasses() {
        Semaphore s = new Semaphore(0);
        gate.set(s);
        return s;
    }

    public void releasePasses() {
        Semaphore s = gate.getAndSet(null);
        if (s != null) {
            s.release(1_000);
        }
    }

    @Override
    public PassOutcome sync(String trigger) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        passStarts.add(Instant.now());
        calls.add("sync:" + trigger);
        try {
            Semaphore s = gate.get();
            if (s != null) {
                s.acquireUninterruptibly();
            }
            RuntimeException boom = nextThrow.getAndSet(null);
            if (boom != null) {
                throw boom;
            }
            synchronized (this) {
                PassOutcome next = outcomes.poll();
                return next != null ? next : PassOutcome.noChange(Optional.of(1L), "nothing to do");
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public AgentStatus status() {
        return status.get();
    }

    /** Makes {@link #plan()} throw {@code e} from now on. */
    public void failPlanWith(RuntimeException e) {
        planFailure.set(e);
    }

    @Override
    public PlanView plan() {
        RuntimeException failure = planFailure.get();
        if (failure != null) {
            throw failure;
        }
        return new PlanView("web-01", Optional.of("abc1234"), true, List.of(new PlanView.ComponentPlanView(
                "app", Optional.of("1.2.0"), Optional.of("1.3.0"), "upgrade", "pending", Optional.empty(), Optional.empty(),
                List.of(new PlanView.StepView("1.3.0", "unpack", "run", "up", "pending", Optional.empty()),
                        new PlanView.StepView("1.3.0", "config", "file", "up", "pending",
                                Optional.of("--- a\n+++ b\n-x\n+y\n"))),
                List.of())));
    }

    @Override
    public List<PassRecord> history(Optional<String> component, int limit) {
        lastHistoryQuery = component.orElse("*") + ":" + limit;
        StepRecord step = new StepRecord(7, 3, "app", "1.3.0", "unpack", "up", "run", "v1:sha256:00", T0,
                Optional.of(T0.plusSeconds(2)), Optional.of("applied"), Optional.of(Duration.ofMillis(1500)),
                Optional.empty(), "ok\n", false);
        return List.of(new PassRecord(3, "poll", Optional.of("abc1234"), Optional.empty(), T0,
                Optional.of(T0.plusSeconds(3)), "applied", "app 1.2.0 -> 1.3.0",
                List.of(new ChangeRecord("app", Optional.of("1.2.0"), Optional.of("1.3.0"), "upgrade")),
                List.of(step)));
    }

    @Override
    public void suspend() {
        calls.add("suspend");
    }

    @Override
    public void resume() {
        calls.add("resume");
    }

    @Override
    public void retry(Optional<String> component) {
        calls.add("retry:" + component.orElse("*"));
    }

    /** Every call in order: {@code sync:<trigger>}, {@code suspend}, {@code resume}, {@code retry:<component|*>}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public List<Instant> passStarts() {
        return List.copyOf(passStarts);
    }

    public int maxConcurrentPasses() {
        return maxInFlight.get();
    }

    /** The last history query as {@code component:limit} ({@code *} for all components). */
    public String lastHistoryQuery() {
        return lastHistoryQuery;
    }
}
