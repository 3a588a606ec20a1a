package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.util.List;
import java.util.Objects;

/**
 * One version of a component as applied on this host.
 *
 * @param baseline recorded by {@code versiond baseline}: present without its steps having run
 * @param steps the up steps (in order) and the explicit down steps, as recorded
 */
public record AppliedVersion(Version version, String commit, boolean baseline, List<AppliedStep> steps) {
    public AppliedVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        steps = List.copyOf(steps);
    }

    public List<AppliedStep> up() {
        return steps.stream().filter(s -> s.section().equals(AppliedStep.UP)).toList();
    }

    public List<AppliedStep> down() {
        return steps.stream().filter(s -> s.section().equals(AppliedStep.DOWN)).toList();
    }
}
