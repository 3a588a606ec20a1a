package dev.versiond.daemon.reconcile;

import java.time.Instant;
import java.util.Optional;

/**
 * Where this host's status publishing to the status repository stands, for {@code /status} and metrics.
 *
 * @param repository the status repository, without credentials
 * @param lastPushed when a status commit was last accepted by the status repository
 * @param lastCommit the id of that status commit
 * @param pending whether a report waits to be pushed (a push failed and is retried with backoff)
 * @param consecutiveFailures pushes failed in a row since the last accepted one
 * @param lastError why the last push failed, if the last attempt did
 * @param nextAttempt when a pending report is tried again
 */
public record StatusPush(String repository, Optional<Instant> lastPushed, Optional<String> lastCommit, boolean pending,
                        int consecutiveFailures, Optional<String> lastError, Optional<Instant> nextAttempt) {
}
