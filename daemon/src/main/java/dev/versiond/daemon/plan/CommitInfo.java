package dev.versiond.daemon.plan;

import java.time.Instant;
import java.util.Objects;

/** The commit being planned: its id (recorded with every change) and its time (rollout waves count from it). */
public record CommitInfo(String id, Instant time) {
    public CommitInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
    }
}
