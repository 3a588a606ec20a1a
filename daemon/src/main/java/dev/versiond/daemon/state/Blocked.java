package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * A revision that failed on this host: {@code version} of {@code component} at {@code commit} is not
 * tried again until a new commit arrives or an operator runs {@code retry}.
 *
 * @param degraded whether undoing the failed pass failed too, leaving the host between versions
 */
public record Blocked(String component, Version version, String commit, String reason, boolean degraded, Instant at) {
    public Blocked {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
