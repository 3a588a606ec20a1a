package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.daemon.source.Snapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * What one pass found and did.
 *
 * @param plan the plan it computed (empty when it failed before planning)
 * @param after the plan against the host as the pass left it (for status); equals {@code plan} when nothing ran
 * @param snapshot what it read
 * @param untrusted the commit the pass refused to act on, and why
 * @param redactor masks the secret values the plan's config holds, for every view of the plan
 * @param phases how long each phase it reached took
 */
public record PassReport(PassOutcome outcome, Optional<Plan> plan, Optional<Plan> after, Optional<Snapshot> snapshot,
                         Optional<Untrusted> untrusted, Redactor redactor, PhaseTimes phases) {
    public PassReport {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(untrusted, "untrusted");
        Objects.requireNonNull(redactor, "redactor");
        Objects.requireNonNull(phases, "phases");
    }

    /** A report whose phases are not timed (yet). */
    public PassReport(PassOutcome outcome, Optional<Plan> plan, Optional<Plan> after, Optional<Snapshot> snapshot,
                      Optional<Untrusted> untrusted, Redactor redactor) {
        this(outcome, plan, after, snapshot, untrusted, redactor, PhaseTimes.NONE);
    }

    /** This report with the pass's phase times. */
    PassReport withPhases(PhaseTimes times) {
        return new PassReport(outcome, plan, after, snapshot, untrusted, redactor, times);
    }

    /** A report of a pass that trusted what it read, and resolved no secrets. */
    public PassReport(PassOutcome outcome, Optional<Plan> plan, Optional<Plan> after, Optional<Snapshot> snapshot) {
        this(outcome, plan, after, snapshot, Optional.empty(), Redactor.none());
    }

    /** A report of a pass that trusted what it read; the redactor masks the secrets it resolved. */
    public PassReport(PassOutcome outcome, Optional<Plan> plan, Optional<Plan> after, Optional<Snapshot> snapshot,
                      Redactor redactor) {
        this(outcome, plan, after, snapshot, Optional.empty(), redactor);
    }

    static PassReport refused(Untrusted untrusted, Optional<Snapshot> snapshot) {
        return new PassReport(PassOutcome.failed(Optional.empty(), "untrusted commit " + untrusted.commit() + ": "
                + untrusted.reason() + "; nothing applied", dev.versiond.spec.ErrorCode.UNTRUSTED), Optional.empty(),
                Optional.empty(), snapshot, Optional.of(untrusted), Redactor.none());
    }

    static PassReport failedEarly(PassOutcome outcome, Optional<Snapshot> snapshot) {
        return new PassReport(outcome, Optional.empty(), Optional.empty(), snapshot, Redactor.none());
    }
}
