package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * A revision that failed on this host: {@code version} of {@code component} at {@code commit} is not
 * tried again until a new commit arrives or an operator runs {@code retry}.
 *
 * @param degraded whether the host is not at a healthy version: undoing the failed pass failed, or the
 *     version it restored failed its verify checks
 * @param code the typed reason ({@link Reason#FAILED_AT_COMMIT}, {@link Reason#ROLLBACK_FAILED}, …)
 */
public record Blocked(String component, Version version, String commit, String reason, boolean degraded, Instant at,
                      Reason code) {
    public Blocked {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(code, "code");
    }

    /** A block with the reason its {@code degraded} flag implies. */
    public Blocked(String component, Version version, String commit, String reason, boolean degraded, Instant at) {
        this(component, version, commit, reason, degraded, at, degraded ? Reason.ROLLBACK_FAILED : Reason.FAILED_AT_COMMIT);
    }
}
