package dev.versiond.daemon.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * What one commit changed for one component of one target.
 *
 * @param from the version before the commit; empty when the target did not name the component
 * @param to the version after it; empty when the commit removed the component from the target
 * @param configChanged whether the component's config values changed
 */
public record TargetChange(String target, String component, Optional<String> from, Optional<String> to,
                           boolean configChanged) {
    public TargetChange {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** {@code 1.1.0 -> 1.2.0}, {@code 1.2.0 (config)}, {@code (none) -> 1.0.0}. */
    public String describe() {
        String versions = from.equals(to) ? to.orElse("(none)")
                : from.orElse("(none)") + " -> " + to.orElse("(removed)");
        return versions + (configChanged ? " (config)" : "");
    }
}
