package dev.versiond.daemon.notify;

import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing to tell operators. Every text in it has already been through the pass's redactor.
 *
 * @param kind what happened; {@link EventKind#RECOVERED} for the end of a problem
 * @param problem the problem this event opens or (for {@link EventKind#RECOVERED}) closes
 * @param host this host's name, and {@code labels} its labels
 * @param component the component concerned, empty for a host-level problem (a failed pass, an untrusted commit)
 * @param from the version recorded on the host, and {@code to} the version the targets ask for
 * @param state the component's state label ({@code Blocked}, {@code Degraded}, …) or the pass's result word
 * @param reason the typed reason, when the engine gave one
 * @param error the error code of a failed pass
 * @param summary for humans
 * @param commit the commit concerned (the refused one, for an untrusted commit), and {@code signer} its key
 * @param passId the history id of the pass that found it
 * @param took for {@link EventKind#RTO_EXCEEDED}: how long the rollback or downgrade took
 * @param rto for {@link EventKind#RTO_EXCEEDED}: the recovery-time objective its migration declared
 */
public record Event(EventKind kind, EventKind problem, String host, Map<String, String> labels,
                    Optional<String> component, Optional<String> from, Optional<String> to, String state,
                    Optional<Reason> reason, Optional<ErrorCode> error, String summary, Optional<String> commit,
                    Optional<String> signer, Optional<Long> passId, Instant at, Optional<Duration> took,
                    Optional<Duration> rto) {
    public Event {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(problem, "problem");
        if (problem == EventKind.RECOVERED) {
            throw new IllegalArgumentException("a recovery is not a problem");
        }
        Objects.requireNonNull(host, "host");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(passId, "passId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(rto, "rto");
    }

    /** Whether this event closes its problem. */
    public boolean resolves() {
        return kind == EventKind.RECOVERED;
    }

    /** The recovery of this problem, found by the pass {@code passId} at {@code at}. */
    Event recovered(String state, Optional<String> from, Optional<String> to, Optional<String> commit,
                    Optional<String> signer, Optional<Long> passId, Instant at) {
        return new Event(EventKind.RECOVERED, problem, host, labels, component, from, to, state, reason, error,
                problem.word() + " resolved" + component.map(c -> " for " + c).orElse(""), commit, signer, passId, at,
                Optional.empty(), Optional.empty());
    }

    /** The same problem, with its host, component and reason: which problem an event opens or closes. */
    Key key() {
        return new Key(problem, component);
    }

    /** Identifies an open problem. */
    record Key(EventKind problem, Optional<String> component) {
    }
}
