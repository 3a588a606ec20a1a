package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.source.Commit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of the agent for {@code GET /status}, {@code versiond status} and metrics.
 *
 * @param ready whether the first pass has finished (for {@code /readyz})
 * @param revision the last commit read from the remote, with its signer once verified
 * @param nextWindow the earliest time a held-back component may go ahead, if any is waiting: its target's
 *     next maintenance window opening, or the start of this host's rollout wave
 * @param progress the running pass's progress, if a pass is applying
 * @param lastError the last pass-level error (remote unreachable, invalid spec, untrusted commit)
 * @param lastSuccess when a pass last ended without error
 * @param untrusted the last commit refused as untrusted (bad or missing signature, not a descendant of the
 *     last applied commit), until a pass trusts the commit it reads; the host keeps the last good state
 * @param reversals the last rollback or downgrade of each component this agent timed, with its rto
 */
public record AgentStatus(String host, Map<String, String> labels, boolean ready, boolean suspended, Phase phase,
                          Optional<Commit> revision, Optional<Instant> nextWindow, Optional<Progress> progress,
                          Optional<String> lastError, Optional<Instant> lastSuccess, List<ComponentStatus> components,
                          Optional<Untrusted> untrusted, List<dev.versiond.daemon.state.ChangeRecord> reversals) {
    public AgentStatus {
        reversals = List.copyOf(reversals);
        labels = Map.copyOf(labels);
        components = List.copyOf(components);
        java.util.Objects.requireNonNull(untrusted, "untrusted");
    }

    /** A status with nothing refused. */
    public AgentStatus(String host, Map<String, String> labels, boolean ready, boolean suspended, Phase phase,
                       Optional<Commit> revision, Optional<Instant> nextWindow, Optional<Progress> progress,
                       Optional<String> lastError, Optional<Instant> lastSuccess, List<ComponentStatus> components) {
        this(host, labels, ready, suspended, phase, revision, nextWindow, progress, lastError, lastSuccess, components,
                Optional.empty());
    }

    /** A status with no rollback timed. */
    public AgentStatus(String host, Map<String, String> labels, boolean ready, boolean suspended, Phase phase,
                       Optional<Commit> revision, Optional<Instant> nextWindow, Optional<Progress> progress,
                       Optional<String> lastError, Optional<Instant> lastSuccess, List<ComponentStatus> components,
                       Optional<Untrusted> untrusted) {
        this(host, labels, ready, suspended, phase, revision, nextWindow, progress, lastError, lastSuccess, components,
                untrusted, List.of());
    }
}
