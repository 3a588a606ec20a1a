package dev.versiond.daemon.state;

import java.util.Optional;

/**
 * A component's move in one pass.
 *
 * @param kind upgrade, downgrade, converge (config files), heal (drift corrected), baseline, repair, rollback
 * @param duration for a rollback or downgrade: how long it took, from its first undo to its last
 *     verify check (a rollback resumed after a crash counts from when it began)
 * @param rto the recovery-time objective the reversed migration declared, if any
 */
public record ChangeRecord(String component, Optional<String> from, Optional<String> to, String kind,
                           Optional<java.time.Duration> duration, Optional<java.time.Duration> rto) {
    public ChangeRecord {
        java.util.Objects.requireNonNull(duration, "duration");
        java.util.Objects.requireNonNull(rto, "rto");
    }

    /** A change that is not timed. */
    public ChangeRecord(String component, Optional<String> from, Optional<String> to, String kind) {
        this(component, from, to, kind, Optional.empty(), Optional.empty());
    }

    /** Whether it was a rollback or downgrade that took longer than its migration's rto. */
    public boolean exceededRto() {
        return duration.isPresent() && rto.isPresent() && duration.get().compareTo(rto.get()) > 0;
    }
}
