package dev.versiond.daemon.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One desired-state commit that changed a target's version or config.
 *
 * @param author the author as {@code name <email>}
 * @param committedAt the committer time (rollout waves count from it)
 * @param message the first line of the commit message
 * @param changes what it changed, per target and component
 */
public record DesiredChange(String commit, String author, String committer, Instant committedAt, String message,
                            Signature signature, List<TargetChange> changes) {
    public DesiredChange {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        changes = List.copyOf(changes);
    }

    /** Whether the commit changed {@code target}. */
    public boolean changes(String target) {
        return changes.stream().anyMatch(c -> c.target().equals(target));
    }

    /** The components it changed in {@code target}. */
    public List<String> components(String target) {
        return changes.stream().filter(c -> c.target().equals(target)).map(TargetChange::component).toList();
    }

    /** This change with only the changes {@code component} had, if it had any. */
    public Optional<DesiredChange> onlyComponent(String component) {
        List<TargetChange> kept = changes.stream().filter(c -> c.component().equals(component)).toList();
        return kept.isEmpty() ? Optional.empty()
                : Optional.of(new DesiredChange(commit, author, committer, committedAt, message, signature, kept));
    }
}
