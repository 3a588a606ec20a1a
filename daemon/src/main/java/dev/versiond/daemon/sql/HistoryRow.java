package dev.versiond.daemon.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a database's {@code versiond_schema_history}: a step applied ({@code up}) or reversed
 * ({@code down}) there, by which host, from which desired-state commit.
 */
public record HistoryRow(long rank, String component, String version, String stepId, String checksum,
                         Optional<String> commit, String host, String direction, String appliedAt, long durationMillis) {
    public static final String UP = "up";
    public static final String DOWN = "down";

    public HistoryRow {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(appliedAt, "appliedAt");
    }

    public boolean isUp() {
        return UP.equals(direction);
    }
}
