package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.TargetPlacement;
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
 * @param planned the commit the components' states were planned at, with its signer
 * @param lastApplied the last commit a pass applied on this host
 * @param targets the targets that select this host, with its wave in each
 * @param statusPush where publishing this host's status to the status repository stands, when it is on
 * @param stale why the commit served is {@link dev.versiond.daemon.state.Reason#STALE_COMMIT stale}: older
 *     than {@code max-commit-age}
 * @param lastErrorReason the typed reason of {@code lastError}, when it has one
 *     ({@link dev.versiond.daemon.state.Reason#SHARE_TOO_LARGE share-too-large})
 */
public record AgentStatus(String host, Map<String, String> labels, boolean ready, boolean suspended, Phase phase,
                          Optional<Commit> revision, Optional<Instant> nextWindow, Optional<Progress> progress,
                          Optional<String> lastError, Optional<Instant> lastSuccess, List<ComponentStatus> components,
                          Optional<Untrusted> untrusted, List<dev.versiond.daemon.state.ChangeRecord> reversals,
                          Optional<Commit> planned, Optional<String> lastApplied, List<TargetPlacement> targets,
                          Optional<StatusPush> statusPush, Optional<String> stale,
                          Optional<dev.versiond.daemon.state.Reason> lastErrorReason) {
    public AgentStatus {
        java.util.Objects.requireNonNull(lastErrorReason, "lastErrorReason");
        reversals = List.copyOf(reversals);
        labels = Map.copyOf(labels);
        components = List.copyOf(components);
        java.util.Objects.requireNonNull(untrusted, "untrusted");
        java.util.Objects.requireNonNull(planned, "planned");
        java.util.Objects.requireNonNull(lastApplied, "lastApplied");
        targets = List.copyOf(targets);
        java.util.Objects.requireNonNull(statusPush, "statusPush");
        java.util.Objects.requireNonNull(stale, "stale");
    }

    /** A status whose last error, if any, has no typed reason. */
    public AgentStatus(String host, Map<String, String> labels, boolean ready, boolean suspended, Phase phase,
                       Optional<Commit> revision, Optional<Instant> nextWindow, Optional<Progress> progress,
                       Optional<String> lastError, Optional<Instant> lastSuccess, List<ComponentStatus> components,
                       Optional<Untrusted> untrusted, List<dev.versiond.daemon.state.ChangeRecord> reversals,
                       Optional<Commit> planned, Optional<String> lastApplied, List<TargetPlacement> targets,
                       Optional<StatusPush> statusPush, Optional<String> stale) {
        this(host, labels, ready, suspended, phase, revision, nextWindow, progress, lastError, lastSuccess, components,
                untrusted, reversals, planned, lastApplied, targets, statusPush, stale, Optional.empty());
    }

    /** A status without what the fleet reports need (planned commit, last applied, placements, push, staleness). */
    public AgentStatus(String host, Map<String, String> labels, boolean ready, boolean suspended, Phase phase,
                       Optional<Commit> revision, Optional<Instant> nextWindow, Optional<Progress> progress,
                       Optional<String> lastError, Optional<Instant> lastSuccess, List<ComponentStatus> components,
                       Optional<Untrusted> untrusted, List<dev.versiond.daemon.state.ChangeRecord> reversals) {
        this(host, labels, ready, suspended, phase, revision, nextWindow, progress, lastError, lastSuccess, components,
                untrusted, reversals, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty());
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
