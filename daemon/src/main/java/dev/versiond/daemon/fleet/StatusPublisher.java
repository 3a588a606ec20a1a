package dev.versiond.daemon.fleet;

import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.PassListener;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.StatusPush;
import dev.versiond.daemon.source.StatusRemote;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes this host's status to the status repository on a thread of its own: after a pass whose
 * report differs from the last one pushed (something was applied, rolled back, degraded, blocked,
 * refused, or the commit moved), and at every heartbeat. A push never fails or delays a pass: a
 * failed one is retried with exponential backoff, only the newest report is kept, and the state
 * is shown in {@code /status} and metrics.
 */
public final class StatusPublisher implements PassListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofHours(1);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final StatusRemote remote;
    private final StatusHistory history;
    private final Supplier<AgentStatus> status;
    private final Clock clock;
    private final Duration heartbeat;
    private final String agentVersion;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "versiond-status-push");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<StatusPush> state;
    private final PushListener listener;
    /** The newest report not yet pushed; touched only on the publisher's thread. */
    private Optional<HostReport> pending = Optional.empty();
    private int failures;
    private boolean retryScheduled;

    /** What metrics see of the pushes. */
    public interface PushListener {
        PushListener NONE = new PushListener() {
        };

        default void pushed() {
        }

        default void pushFailed() {
        }
    }

    public StatusPublisher(StatusRemote remote, String host, Supplier<AgentStatus> status, Clock clock, Duration heartbeat,
                           PushListener listener) {
        this.remote = remote;
        this.history = new StatusHistory(remote, host);
        this.status = status;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.agentVersion = HostReports.version().orElse("development");
        this.listener = listener;
        this.state = new AtomicReference<>(new StatusPush(remote.describe(), Optional.empty(), Optional.empty(), false, 0,
                Optional.empty(), Optional.empty()));
    }

    /** Starts the heartbeat. */
    public void start() {
        long every = Math.max(1, heartbeat.toMillis());
        thread.scheduleAtFixedRate(() -> offer(Optional.empty(), Duration.ZERO, true), every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void passFinished(PassOutcome outcome, Duration duration) {
        // Called on the pass's thread: hand over and return at once.
        thread.execute(() -> offer(Optional.of(outcome), duration, false));
    }

    /** The last pass's outcome, kept for heartbeat reports. */
    private Optional<PassOutcome> lastOutcome = Optional.empty();
    private Duration lastDuration = Duration.ZERO;

    private void offer(Optional<PassOutcome> outcome, Duration took, boolean heartbeatTick) {
        try {
            outcome.ifPresent(o -> {
                lastOutcome = Optional.of(o);
                lastDuration = took;
            });
            if (lastOutcome.isEmpty()) {
                return; // nothing to report before the first pass
            }
            HostReport report = HostReports.of(status.get(), lastOutcome.get(), lastDuration, clock.instant(), agentVersion);
            Optional<HostReport> previous = pending.or(history::last);
            if (!heartbeatTick && !news(previous, report)) {
                return;
            }
            pending = Optional.of(report);
            if (!retryScheduled) {
                // While a retry is scheduled the newer report waits for it: one chain of backoff, however
                // many passes and heartbeats come while the status repository refuses.
                attempt();
            }
        } catch (RuntimeException e) {
            LOG.warn("status report could not be prepared: {}", e.toString());
        }
    }

    /** Pass results after which a pass that changed nothing is no news: the host is as that report said. */
    private static final Set<String> SETTLING = Set.of("applied", "rolled_back", "degraded");
    private static final String NO_CHANGE = "no_change";
    /** The result of a pass that changed the host (an upgrade, a downgrade, a drift corrected): always news. */
    private static final String APPLIED = "applied";

    /**
     * Whether {@code next} tells the fleet something the last report pushed (or pending) did not: the
     * host itself changed (commit, versions, states, reasons, outcomes), its pass changed the host
     * (applied, self-heal included), or its pass result changed — except a pass that changed nothing
     * right after one that applied, rolled back or degraded, with the host as that pass left it.
     * Without that exception every apply cost a second push one pass later, a third of a rollout's
     * pushes (bench/fleet-sim.sh); {@code status.json}'s {@code pass} then stays the one that changed
     * the host until the next change or heartbeat.
     */
    static boolean news(Optional<HostReport> previous, HostReport next) {
        if (previous.isEmpty()) {
            return true;
        }
        HostReport last = previous.get();
        String was = last.pass().result();
        String now = next.pass().result();
        if (!last.stateDigest().equals(next.stateDigest()) || now.equals(APPLIED)) {
            return true;
        }
        return !was.equals(now) && !(now.equals(NO_CHANGE) && SETTLING.contains(was));
    }

    private void retry() {
        retryScheduled = false;
        attempt();
    }

    private void attempt() {
        if (pending.isEmpty()) {
            return;
        }
        HostReport report = pending.get();
        try {
            String commit = push(report);
            pending = Optional.empty();
            failures = 0;
            state.set(new StatusPush(remote.describe(), Optional.of(clock.instant()), Optional.of(commit), false, 0,
                    Optional.empty(), Optional.empty()));
            listener.pushed();
        } catch (RuntimeException e) {
            failures++;
            Duration delay = backoff(failures);
            Instant next = clock.instant().plus(delay);
            StatusPush before = state.get();
            state.set(new StatusPush(before.repository(), before.lastPushed(), before.lastCommit(), true, failures,
                    Optional.of(e.getMessage() == null ? e.toString() : e.getMessage()), Optional.of(next)));
            listener.pushFailed();
            LOG.warn("status push failed ({} in a row), retrying in {}s: {}", failures, delay.toSeconds(), e.getMessage());
            if (e instanceof StatusRemote.PushRefused refused && refused.stale()) {
                try {
                    history.load(true);
                } catch (RuntimeException reload) {
                    LOG.debug("re-reading the host's status ref failed: {}", reload.toString());
                }
            }
            if (!retryScheduled) {
                retryScheduled = true;
                thread.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** 1 s, 2 s, 4 s, … up to five minutes. */
    static Duration backoff(int failures) {
        long seconds = FIRST_RETRY.toSeconds() << Math.min(20, Math.max(0, failures - 1));
        return seconds >= MAX_RETRY.toSeconds() ? MAX_RETRY : Duration.ofSeconds(seconds);
    }

    /** One push: a status commit on the host's ref, its rollout refs set, the ones it no longer holds deleted. */
    private String push(HostReport report) {
        history.load(false);
        Optional<String> parent = history.head();
        String message = "status " + report.host() + ": " + report.pass().result()
                + report.commit().map(c -> " at " + c.substring(0, 12)).orElse("");
        String commit = remote.writeCommit(parent, StatusRefs.FILE, report.toJson(), message, report.host(),
                report.host(), report.reportedAt());
        Set<String> now = rolloutRefs(report);
        List<StatusRemote.RefChange> changes = new ArrayList<>();
        changes.add(new StatusRemote.RefChange(history.ref(), Optional.of(commit),
                Optional.of(parent.orElse(StatusRemote.ABSENT))));
        for (String ref : now) {
            changes.add(new StatusRemote.RefChange(ref, Optional.of(commit), Optional.empty()));
        }
        for (String ref : history.last().map(StatusPublisher::rolloutRefs).orElse(Set.of())) {
            if (!now.contains(ref)) {
                changes.add(new StatusRemote.RefChange(ref, Optional.empty(), Optional.empty()));
            }
        }
        remote.push(changes);
        history.pushed(commit, report);
        return commit;
    }

    static Set<String> rolloutRefs(HostReport report) {
        Set<String> refs = new LinkedHashSet<>();
        if (report.commit().isPresent()) {
            for (HostReport.TargetOutcome t : report.targets()) {
                refs.add(StatusRefs.rollout(t.target(), report.commit().get(), t.wave(), t.outcome(), report.host()));
            }
        }
        return refs;
    }

    /** Where publishing stands. */
    public StatusPush state() {
        return state.get();
    }

    /**
     * Pushes the status after a one-shot pass ({@code apply --once}), on the caller's thread, once:
     * a failure is logged and reported, never thrown.
     */
    public Optional<String> publishOnce(PassOutcome outcome, Duration took) {
        try {
            return thread.submit(() -> {
                offer(Optional.of(outcome), took, true);
                return state.get().pending() ? state.get().lastError() : Optional.<String>empty();
            }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Optional.of(e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
