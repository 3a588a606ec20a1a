package dev.versiond.daemon.notify;

import dev.versiond.daemon.execute.HumanDuration;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.reconcile.Untrusted;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns each pass's typed outcome into notifications: the problems the pass shows that were not open
 * before, and a {@link EventKind#RECOVERED} for each open one it shows gone. A problem that persists
 * from pass to pass (a secret still missing at every poll) is told once. No I/O; not thread-safe.
 *
 * <p>The rules, from the engine's types:
 * <ul>
 * <li>{@link PassOutcome.Failed} with an {@link Untrusted} commit: {@link EventKind#UNTRUSTED_COMMIT}, typed
 *     {@link Reason#UNTRUSTED_SIGNATURE} or {@link Reason#NON_DESCENDANT}; any other failure:
 *     {@link EventKind#FAILED} with its {@link ErrorCode}. Both are host-level and end with the first pass that
 *     does not fail. A failed pass shows nothing gone: it says nothing of the components, and one failure
 *     (the remote unreachable) does not show another (an untrusted commit) fixed.</li>
 * <li>A component {@link ComponentState#DEGRADED}: {@link EventKind#DEGRADED}; blocked with
 *     {@link Reason#FAILED_AT_COMMIT} (what a rollback leaves): {@link EventKind#ROLLED_BACK}; blocked with
 *     {@link Reason#SECRET_MISSING}: {@link EventKind#SECRET_MISSING}; held with {@link Reason#ROLLOUT_HALTED}
 *     (the fleet's rollout of the commit halted): {@link EventKind#ROLLOUT_HALTED}. Each ends when a pass that ran shows
 *     the component without it.</li>
 * <li>A {@link PassOutcome.RolledBack} or {@link PassOutcome.Degraded} pass that no component explains gets
 *     one host-level event of its kind.</li>
 * <li>An {@link PassOutcome.Interrupted} pass changes nothing: the next pass resumes it.</li>
 * <li>Each rollback or downgrade the pass timed that took longer than its migration's rto
 *     ({@link ChangeRecord#exceededRto()}): one {@link EventKind#RTO_EXCEEDED} notice, with the component, the
 *     version reversed, how long it took and the rto. It is told with that pass and never again: a notice
 *     does not stay open, so it has no recovery.</li>
 * </ul>
 */
final class EventDeriver {
    private final Map<Event.Key, Event> open = new LinkedHashMap<>();

    /** The events of a pass that timed no rollback or downgrade. */
    List<Event> next(PassReport report, AgentStatus after, Instant at) {
        return next(report, after, List.of(), at);
    }

    /**
     * The events of one pass: problems it opened, problems it closed, then its notices.
     *
     * @param timed the rollbacks and downgrades the pass timed ({@link dev.versiond.daemon.reconcile.PassListener#reversalTimed})
     */
    List<Event> next(PassReport report, AgentStatus after, List<ChangeRecord> timed, Instant at) {
        PassOutcome outcome = report.outcome();
        if (outcome instanceof PassOutcome.Interrupted) {
            return List.of();
        }
        Redactor redactor = report.redactor();
        Optional<Commit> revision = report.snapshot().flatMap(s -> s.commit()).or(after::revision);
        Optional<String> commit = revision.map(Commit::id);
        Optional<String> signer = revision.flatMap(Commit::signer);
        Map<Event.Key, Event> found = new LinkedHashMap<>();
        boolean ranPass = !(outcome instanceof PassOutcome.Failed);

        if (outcome instanceof PassOutcome.Failed failed) {
            Optional<Untrusted> untrusted = report.untrusted();
            Event e = untrusted.map(u -> event(EventKind.UNTRUSTED_COMMIT, after, Optional.empty(), outcome.result(),
                            Optional.of(Reason.ofWord(u.reasonCode())), Optional.of(failed.code()),
                            redactor.mask(outcome.summary()), Optional.of(u.commit()), Optional.empty(), outcome, at))
                    .orElseGet(() -> event(EventKind.FAILED, after, Optional.empty(), outcome.result(), Optional.empty(),
                            Optional.of(failed.code()), redactor.mask(outcome.summary()), commit, signer, outcome, at));
            found.put(e.key(), e);
        } else {
            for (ComponentStatus c : after.components()) {
                componentProblem(c).ifPresent(kind -> {
                    Event e = event(kind, after, Optional.of(c), c.state().label(), c.code(), Optional.empty(),
                            redactor.mask(c.lastError().or(c::reason).orElse(kind.word())), commit, signer, outcome, at);
                    found.put(e.key(), e);
                });
            }
            hostLevel(outcome).filter(kind -> found.keySet().stream().noneMatch(k -> k.problem() == kind))
                    .ifPresent(kind -> {
                        Event e = event(kind, after, Optional.empty(), outcome.result(), Optional.empty(),
                                Optional.empty(), redactor.mask(outcome.summary()), commit, signer, outcome, at);
                        found.put(e.key(), e);
                    });
        }

        List<Event> events = new ArrayList<>();
        found.forEach((key, e) -> {
            if (!open.containsKey(key)) {
                events.add(e);
            }
        });
        List<Event.Key> gone = new ArrayList<>();
        open.forEach((key, problem) -> {
            if (ranPass && !found.containsKey(key)) {
                Optional<ComponentStatus> c = key.component().flatMap(name -> after.components().stream()
                        .filter(s -> s.name().equals(name)).findFirst());
                events.add(problem.recovered(c.map(s -> s.state().label()).orElse(outcome.result()),
                        c.flatMap(ComponentStatus::recorded), c.flatMap(ComponentStatus::desired), commit, signer,
                        outcome.passId(), at));
                gone.add(key);
            }
        });
        gone.forEach(open::remove);
        found.forEach(open::putIfAbsent);
        for (ChangeRecord reversal : timed) {
            if (reversal.exceededRto()) {
                events.add(rtoExceeded(reversal, after, commit, signer, outcome, at));
            }
        }
        return events;
    }

    /**
     * The notice of a reversal over its rto. A rollback is recorded as staying at the version it restored,
     * so the version it reversed is the one the component is blocked at (its desired version).
     */
    private static Event rtoExceeded(ChangeRecord reversal, AgentStatus after, Optional<String> commit,
                                     Optional<String> signer, PassOutcome outcome, Instant at) {
        Optional<ComponentStatus> c = after.components().stream().filter(s -> s.name().equals(reversal.component()))
                .findFirst();
        boolean rollback = reversal.kind().equals("rollback");
        Optional<String> reversed = rollback ? c.flatMap(ComponentStatus::desired) : reversal.from();
        Duration took = reversal.duration().orElseThrow();
        Duration rto = reversal.rto().orElseThrow();
        String summary = reversal.kind() + " of " + reversal.component() + reversed.map(v -> " " + v).orElse("")
                + reversal.to().map(v -> " to " + v).orElse("") + " took " + String.format(Locale.ROOT, "%.1fs",
                took.toMillis() / 1000.0) + ", more than its rto of " + HumanDuration.format(rto);
        return new Event(EventKind.RTO_EXCEEDED, EventKind.RTO_EXCEEDED, after.host(), after.labels(),
                Optional.of(reversal.component()), reversed, reversal.to(),
                c.map(s -> s.state().label()).orElse(outcome.result()), Optional.empty(), Optional.empty(), summary,
                commit, signer, outcome.passId(), at, Optional.of(took), Optional.of(rto));
    }

    /** The problems open now, oldest first (what Alertmanager is told is still firing). */
    List<Event> open() {
        return List.copyOf(open.values());
    }

    private static Optional<EventKind> componentProblem(ComponentStatus c) {
        if (c.state() == ComponentState.DEGRADED) {
            return Optional.of(EventKind.DEGRADED);
        }
        if (c.code().isEmpty()) {
            return Optional.empty();
        }
        return switch (c.code().get()) {
            case FAILED_AT_COMMIT -> Optional.of(EventKind.ROLLED_BACK);
            case SECRET_MISSING -> Optional.of(EventKind.SECRET_MISSING);
            case ROLLOUT_HALTED -> Optional.of(EventKind.ROLLOUT_HALTED);
            case ROLLBACK_FAILED, RESTORED_UNHEALTHY -> Optional.of(EventKind.DEGRADED);
            default -> Optional.empty();
        };
    }

    private static Optional<EventKind> hostLevel(PassOutcome outcome) {
        if (outcome instanceof PassOutcome.RolledBack) {
            return Optional.of(EventKind.ROLLED_BACK);
        }
        if (outcome instanceof PassOutcome.Degraded) {
            return Optional.of(EventKind.DEGRADED);
        }
        return Optional.empty();
    }

    private static Event event(EventKind kind, AgentStatus after, Optional<ComponentStatus> c, String state,
                               Optional<Reason> reason, Optional<ErrorCode> error, String summary,
                               Optional<String> commit, Optional<String> signer, PassOutcome outcome, Instant at) {
        return new Event(kind, kind, after.host(), after.labels(), c.map(ComponentStatus::name),
                c.flatMap(ComponentStatus::recorded), c.flatMap(ComponentStatus::desired), state, reason, error,
                summary, commit, signer, outcome.passId(), at, Optional.empty(), Optional.empty());
    }
}
