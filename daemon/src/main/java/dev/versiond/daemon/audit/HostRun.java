package dev.versiond.daemon.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How one host took one change of one of its targets, from its status history.
 *
 * @param wave the host's 0-based rollout wave in the target
 * @param outcome where it ended (so far)
 * @param appliedAt when a pass first reported the change applied and healthy
 * @param failedAt when a pass first reported it failed (rolled back, or degraded)
 * @param took how long the pass that decided the outcome (applied or failed) ran
 * @param sinceCommit from the commit's committer time to that decision
 * @param reason the typed reason's word ({@code failed-at-commit}, {@code rollout-halted}, …)
 *     of the component the change concerns, when it has one
 * @param message that reason's text (the failed step and its error, the halt's counts)
 * @param statusCommit the status commit that says so
 */
public record HostRun(String host, String target, int wave, Result outcome, Optional<Instant> appliedAt,
                      Optional<Instant> failedAt, Optional<Duration> took, Optional<Duration> sinceCommit,
                      Optional<String> reason, Optional<String> message, String statusCommit) {
    /** Where a host stands on a change. */
    public enum Result {
        /** Applied, and healthy at its last report on the change. */
        APPLIED,
        /** Failed and rolled back to the version before. */
        ROLLED_BACK,
        /** Failed, and the restored version is unhealthy too (or the rollback failed). */
        DEGRADED,
        /** The rollout of the change was halted before this host's wave. */
        HALTED,
        /** Not applied yet: waiting for its wave, a window or a gate. */
        HELD;

        @com.fasterxml.jackson.annotation.JsonValue
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public HostRun {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(sinceCommit, "sinceCommit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(statusCommit, "statusCommit");
    }
}
