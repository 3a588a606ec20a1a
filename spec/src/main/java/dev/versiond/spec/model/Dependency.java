package dev.versiond.spec.model;

import java.util.Objects;

/**
 * A component waits for another: it is applied only once {@code component} is recorded at a
 * version satisfying {@code constraint}; downgrades run in reverse dependency order.
 */
public record Dependency(String component, VersionConstraint constraint, Position position) {
    public Dependency {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(position, "position");
    }
}
