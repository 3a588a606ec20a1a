package dev.versiond.daemon.audit;

import dev.versiond.daemon.fleet.HostReport;
import dev.versiond.daemon.fleet.Outcome;
import dev.versiond.daemon.state.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Joins the desired-state history with the hosts' status histories: pure, no I/O.
 *
 * <p>A host reports the commit it planned at, which is the branch head of its pass, not
 * necessarily the commit that changed its target: a host of a late wave may apply 1.2.0 at a later
 * commit that changed something else. So each report is credited, per target, to the latest change
 * of that target at or before the report's commit (along the first-parent history). A report at a
 * commit outside the history read (older than {@code --since}, or not on the branch) is left out.
 */
final class AuditTrail {
    private static final Set<String> DEGRADED = Set.of(Reason.ROLLBACK_FAILED.word(), Reason.RESTORED_UNHEALTHY.word());

    private AuditTrail() {
    }

    /**
     * @param commits every commit of the history read, oldest first (first parents)
     * @param changes the commits among them that changed a target
     * @param histories per host, its status history oldest first
     * @return per change, newest first, the hosts that reported on it
     */
    static List<AuditEntry> join(List<String> commits, List<DesiredChange> changes, Map<String, List<StatusEntry>> histories,
                                 AuditFilter filter) {
        Map<String, DesiredChange> byId = new LinkedHashMap<>();
        for (DesiredChange c : changes) {
            if (filter.since().map(s -> !c.committedAt().isBefore(s)).orElse(true)) {
                filter.component().map(c::onlyComponent).orElse(Optional.of(c)).ifPresent(kept -> byId.put(kept.commit(), kept));
            }
        }
        Map<String, Map<String, String>> effective = new HashMap<>();
        Map<String, String> current = new HashMap<>();
        for (String commit : commits) {
            DesiredChange change = byId.get(commit);
            if (change != null) {
                change.changes().forEach(t -> current.put(t.target(), commit));
            }
            effective.put(commit, Map.copyOf(current));
        }
        Map<String, Map<String, Run>> runs = new HashMap<>();
        histories.forEach((host, entries) -> {
            if (filter.host().filter(h -> !h.equals(host)).isPresent()) {
                return;
            }
            for (StatusEntry e : entries) {
                Map<String, String> at = e.report().commit().map(effective::get).orElse(Map.of());
                for (HostReport.TargetOutcome t : e.report().targets()) {
                    String changeId = at.get(t.target());
                    if (changeId != null) {
                        DesiredChange change = byId.get(changeId);
                        runs.computeIfAbsent(changeId, k -> new TreeMap<>())
                                .computeIfAbsent(host + "\u0000" + t.target(), k -> new Run(host, t.target(), change))
                                .add(e, t);
                    }
                }
            }
        });
        List<AuditEntry> out = new ArrayList<>();
        for (DesiredChange change : byId.values()) {
            List<HostRun> hosts = runs.getOrDefault(change.commit(), Map.of()).values().stream().map(Run::result)
                    .sorted(Comparator.comparing(HostRun::host).thenComparing(HostRun::target)).toList();
            if (filter.host().isEmpty() || !hosts.isEmpty()) {
                out.add(new AuditEntry(change, hosts));
            }
        }
        out.sort(Comparator.comparing((AuditEntry a) -> a.change().committedAt()).reversed());
        return out;
    }

    /** One host's reports on one change of one target, folded in order. */
    private static final class Run {
        final String host;
        final String target;
        final DesiredChange change;
        int wave;
        Outcome last;
        String statusCommit;
        Optional<Instant> appliedAt = Optional.empty();
        Optional<Instant> failedAt = Optional.empty();
        Duration appliedTook;
        Duration failedTook;
        Optional<String> reason = Optional.empty();
        Optional<String> message = Optional.empty();
        Optional<String> failReason = Optional.empty();
        Optional<String> failMessage = Optional.empty();
        boolean degraded;

        Run(String host, String target, DesiredChange change) {
            this.host = host;
            this.target = target;
            this.change = change;
        }

        void add(StatusEntry e, HostReport.TargetOutcome t) {
            HostReport r = e.report();
            wave = t.wave();
            statusCommit = e.statusCommit();
            List<String> concerned = change.components(target);
            Optional<HostReport.ComponentReport> why = r.components().stream()
                    .filter(c -> concerned.contains(c.name()) && c.reason().isPresent()).findFirst();
            Instant when = r.pass().finishedAt();
            Duration took = Duration.ofMillis(r.pass().durationMillis());
            switch (t.outcome()) {
                case APPLIED -> {
                    if (appliedAt.isEmpty()) {
                        appliedAt = Optional.of(when);
                        appliedTook = took;
                    }
                }
                case FAILED -> {
                    if (failedAt.isEmpty()) {
                        failedAt = Optional.of(when);
                        failedTook = took;
                    }
                    failReason = why.flatMap(HostReport.ComponentReport::reason).or(() -> failReason);
                    failMessage = why.flatMap(HostReport.ComponentReport::message).or(() -> failMessage);
                    degraded = failReason.filter(DEGRADED::contains).isPresent()
                            || why.filter(c -> c.state().equals("Degraded")).isPresent();
                }
                case HELD, HALTED -> {
                    // held after having applied or failed it is not a new outcome (e.g. a suspended agent)
                }
            }
            if (!t.outcome().notApplied() || last == null || last.notApplied()) {
                last = t.outcome();
                reason = why.flatMap(HostReport.ComponentReport::reason);
                message = why.flatMap(HostReport.ComponentReport::message);
            }
        }

        HostRun result() {
            Instant base = change.committedAt();
            return switch (last) {
                case APPLIED -> new HostRun(host, target, wave, HostRun.Result.APPLIED, appliedAt, failedAt,
                        Optional.of(appliedTook), appliedAt.map(a -> Duration.between(base, a)), Optional.empty(),
                        Optional.empty(), statusCommit);
                case FAILED -> new HostRun(host, target, wave, degraded ? HostRun.Result.DEGRADED : HostRun.Result.ROLLED_BACK,
                        appliedAt, failedAt, Optional.of(failedTook), failedAt.map(f -> Duration.between(base, f)),
                        failReason, failMessage, statusCommit);
                case HELD, HALTED -> new HostRun(host, target, wave,
                        last == Outcome.HALTED || reason.filter(Reason.ROLLOUT_HALTED.word()::equals).isPresent()
                                ? HostRun.Result.HALTED
                                : HostRun.Result.HELD,
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), reason, message, statusCommit);
            };
        }
    }
}
