package dev.versiond.daemon.fleet;

import dev.versiond.daemon.plan.TargetPlacement;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.state.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns the agent's status after a pass into the report it pushes: one job, no I/O. */
final class HostReports {
    /** Reasons that mean the commit itself failed on this host (as opposed to being held back). */
    private static final Set<Reason> FAILED = Set.of(Reason.FAILED_AT_COMMIT, Reason.ROLLBACK_FAILED,
            Reason.RESTORED_UNHEALTHY);

    private HostReports() {
    }

    static HostReport of(AgentStatus status, PassOutcome outcome, Duration took, Instant now, String agentVersion) {
        List<HostReport.ComponentReport> components = status.components().stream()
                .map(c -> new HostReport.ComponentReport(c.name(), c.recorded(), c.desired(), c.state().label(),
                        c.code().map(Reason::word), c.reason().or(c::lastError)))
                .toList();
        Map<String, ComponentStatus> byName = status.components().stream()
                .collect(Collectors.toMap(ComponentStatus::name, Function.identity(), (a, b) -> a));
        List<HostReport.TargetOutcome> targets = new ArrayList<>();
        for (TargetPlacement t : status.targets()) {
            targets.add(new HostReport.TargetOutcome(t.target(), t.wave(), outcome(t, byName), t.rollout()));
        }
        return new HostReport(status.host(), status.labels(), agentVersion, now,
                status.planned().map(c -> c.id()), status.planned().map(c -> c.committedAt()),
                status.planned().flatMap(c -> c.signer()), status.lastApplied(),
                new HostReport.Pass(outcome.result(), outcome.summary(), now, took.toMillis()), targets, components);
    }

    /**
     * Applied when every component of the target is synced; failed when one failed at the commit;
     * halted when one is held by the rollout's halt; else held.
     */
    static Outcome outcome(TargetPlacement t, Map<String, ComponentStatus> byName) {
        boolean allSynced = true;
        boolean halted = false;
        for (String name : t.components()) {
            ComponentStatus c = byName.get(name);
            if (c == null) {
                allSynced = false;
                continue;
            }
            if (c.state() == ComponentState.DEGRADED || c.code().filter(FAILED::contains).isPresent()) {
                return Outcome.FAILED;
            }
            allSynced &= c.state() == ComponentState.SYNCED;
            halted |= c.state() == ComponentState.HALTED;
        }
        return allSynced ? Outcome.APPLIED : halted ? Outcome.HALTED : Outcome.HELD;
    }

    static Optional<String> version() {
        return Optional.ofNullable(HostReports.class.getPackage().getImplementationVersion());
    }
}
