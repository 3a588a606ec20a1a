package dev.versiond.daemon.state;

import java.util.Objects;
import java.util.Optional;

/**
 * What the journal records before a step has any effect.
 *
 * @param phase where in the pass the step runs; it decides what its end means for the recorded state
 * @param priorJson what was on the host before (file and link steps)
 * @param corrective whether the step corrects drift
 * @param reversal whether the step is being reversed (a downgrade or cleanup by inverse), so undoing
 *     it means applying it again
 * @param undoes for a rollback step, the undo-log entry it carries out
 */
public record JournalStart(long passId, String component, String version, String stepId, JournalPhase phase,
                           String kind, String definitionJson, String checksum, Optional<String> priorJson,
                           boolean corrective, boolean reversal, Optional<Long> undoes) {
    public JournalStart {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(definitionJson, "definitionJson");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(priorJson, "priorJson");
        Objects.requireNonNull(undoes, "undoes");
    }

    /** A forward step (not a reversal, not a rollback). */
    public JournalStart(long passId, String component, String version, String stepId, JournalPhase phase,
                        String kind, String definitionJson, String checksum, Optional<String> priorJson, boolean corrective) {
        this(passId, component, version, stepId, phase, kind, definitionJson, checksum, priorJson, corrective, false,
                Optional.empty());
    }
}
