package dev.versiond.daemon.state;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing a pass did on the host that a rollback must undo, kept in the undo log from the moment
 * the step is journaled as started (before it has any effect) until the pass chain ends.
 *
 * @param reapply whether undoing means applying the step again (it was a reversal: a downgrade or a
 *     cleanup) rather than reversing it
 * @param priorJson what was on the host before the step first ran in this chain (the oldest wins)
 * @param cutShort whether the step's first run was cut short by a crash (its effect is uncertain)
 */
public record UndoEntry(long id, long journalId, String component, String version, String stepId, boolean reapply,
                        String kind, String definitionJson, Optional<String> priorJson, boolean cutShort) {
    public UndoEntry {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(definitionJson, "definitionJson");
        Objects.requireNonNull(priorJson, "priorJson");
    }

    /** The key of the step in {@link RecordedState#pending()}. */
    public String stepKey() {
        return RecordedState.stepKey(component, version, stepId);
    }
}
