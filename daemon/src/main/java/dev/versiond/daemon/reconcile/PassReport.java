package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.Plan;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pass found and did.
 *
 * @param plan the plan it computed (empty when it failed before planning)
 * @param after the plan against the host as the pass left it (for status); equals {@code plan} when nothing ran
 * @param snapshot what it read
 * @param untrusted the commit the pass refused to act on, and why
 */
public record PassReport(PassOutcome outcome, Optional<Plan> plan, Optional<Plan> after, Optional<Snapshot> snapshot,
                         Optional<Untrusted> untrusted) {
    public PassReport {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(untrusted, "untrusted");
    }

    /** A report of a pass that trusted what it read. */
    public PassReport(PassOutcome outcome, Optional<Plan> plan, Optional<Plan> after, Optional<Snapshot> snapshot) {
        this(outcome, plan, after, snapshot, Optional.empty());
    }

    static PassReport refused(Untrusted untrusted, Optional<Snapshot> snapshot) {
        return new PassReport(PassOutcome.failed(Optional.empty(), "untrusted commit " + untrusted.commit() + ": "
                + untrusted.reason() + "; nothing applied", dev.versiond.spec.ErrorCode.UNTRUSTED), Optional.empty(),
                Optional.empty(), snapshot, Optional.of(untrusted));
    }

    static PassReport failedEarly(PassOutcome outcome, Optional<Snapshot> snapshot) {
        return new PassReport(outcome, Optional.empty(), Optional.empty(), snapshot);
    }
}
