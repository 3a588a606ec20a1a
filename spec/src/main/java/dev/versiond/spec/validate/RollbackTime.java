package dev.versiond.spec.validate;

import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The worst case of a version's rollback, for its {@code rto}: every step the reversal runs taking
 * its whole timeout on every attempt (a check in the reversal has nothing to undo and costs nothing),
 * then the restored version's verify checks each taking their whole deadline on every attempt.
 * Backoff pauses between attempts are not counted.
 */
public final class RollbackTime {
    private RollbackTime() {
    }

    /** The worst case of reversing {@code m} within {@code c}: its reversal, then the version below's verify. */
    public static Duration worstCase(Component c, Migration m) {
        Duration total = Duration.ZERO;
        for (Step s : m.reversal()) {
            if (!(s instanceof CheckStep) || !m.down().isEmpty()) {
                total = total.plus(s.effectiveTimeout().multipliedBy(s.common().retries() + 1L));
            }
        }
        Map.Entry<Version, Migration> below = c.migrations().lowerEntry(m.version());
        List<CheckStep> verify = below == null ? List.of() : below.getValue().verify();
        for (CheckStep check : verify) {
            total = total.plus(check.deadline().plus(check.effectiveTimeout()).multipliedBy(check.common().retries() + 1L));
        }
        return total;
    }
}
