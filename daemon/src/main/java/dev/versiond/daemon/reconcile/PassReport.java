package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.secret.Redactor;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pass found and did.
 *
 * @param plan the plan it computed (empty when it failed before planning)
 * @param after the plan against the host as the pass left it (for status); equals {@code plan} when nothing ran
 * @param snapshot what it read
 * @param redactor masks the secret values the plan's config holds, for every view of the plan
 */
public record PassReport(PassOutcome outcome, Optional<Plan> plan, Optional<Plan> after, Optional<Snapshot> snapshot,
                         Redactor redactor) {
    public PassReport {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(redactor, "redactor");
    }

    static PassReport failedEarly(PassOutcome outcome, Optional<Snapshot> snapshot) {
        return new PassReport(outcome, Optional.empty(), Optional.empty(), snapshot, Redactor.none());
    }
}
