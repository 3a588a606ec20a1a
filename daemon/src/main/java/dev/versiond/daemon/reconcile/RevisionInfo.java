package dev.versiond.daemon.reconcile;

import java.time.Instant;
import java.util.Optional;

/** The commit the agent last read, and when. */
public record RevisionInfo(String commit, String ref, Instant commitTime, Instant fetchedAt, Optional<String> signer) {
}
