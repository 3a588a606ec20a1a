package dev.versiond.daemon.state;

import java.util.Objects;
import java.util.Optional;

/**
 * An up step that a pass started on the host while its version was not yet recorded: what it was
 * and what was there before it. Kept from the moment it is journaled until its version is recorded,
 * the step is reversed, or it turns out it changed nothing (skipped by its guard, or failed).
 * It is how versiond knows what is its own doing on a host that a pass left between versions.
 *
 * @param journalId the journal entry that first started it (the oldest wins: its prior is the true "before")
 */
public record PendingStep(String component, String version, String stepId, long journalId, String kind,
                          String definitionJson, Optional<String> priorJson) {
    public PendingStep {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(definitionJson, "definitionJson");
        Objects.requireNonNull(priorJson, "priorJson");
    }

    public String key() {
        return RecordedState.stepKey(component, version, stepId);
    }
}
