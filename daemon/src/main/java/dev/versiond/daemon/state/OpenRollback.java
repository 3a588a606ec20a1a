package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.util.Objects;

/**
 * A rollback journaled before its first undo and not yet finished: the failure that started it
 * (the revision to block) and how far it got, so the next pass resumes this very rollback.
 *
 * @param passId the pass that began the rollback
 * @param stage {@link Stage#UNDO} while undo-log entries remain; {@link Stage#VERIFY} once the
 *     recorded state is back at the rollback point and the restored versions' verify checks are due
 * @param restored the components whose versions the rollback restored (known from the verify stage on)
 * @param startedAt when it was journaled (empty before it is): a rollback's duration counts from here,
 *     across a crash and the pass that resumes it
 */
public record OpenRollback(long passId, String component, Version version, String commit, String reason,
                           Reason code, Stage stage, java.util.List<String> restored,
                           java.util.Optional<java.time.Instant> startedAt) {
    public OpenRollback {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(stage, "stage");
        restored = java.util.List.copyOf(restored);
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A rollback whose start time is not known. */
    public OpenRollback(long passId, String component, Version version, String commit, String reason, Reason code,
                        Stage stage, java.util.List<String> restored) {
        this(passId, component, version, commit, reason, code, stage, restored, java.util.Optional.empty());
    }

    /** A rollback about to begin its first undo. */
    public static OpenRollback begin(long passId, String component, Version version, String commit, String reason) {
        return new OpenRollback(passId, component, version, commit, reason, Reason.FAILED_AT_COMMIT, Stage.UNDO,
                java.util.List.of());
    }

    /** How far a rollback got. */
    public enum Stage { UNDO, VERIFY, DONE, FAILED }
}
