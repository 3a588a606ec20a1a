package dev.versiond.daemon.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an audit asks about: one host, one component, changes made since a moment; each empty means all.
 */
public record AuditFilter(Optional<String> host, Optional<String> component, Optional<Instant> since) {
    public static final AuditFilter ALL = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public AuditFilter {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(since, "since");
    }
}
