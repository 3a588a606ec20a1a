package dev.versiond.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.fleet.HostReport;
import dev.versiond.daemon.fleet.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String X = "e".repeat(40);
    static final String C = "c".repeat(40);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static DesiredChange change(String id, Instant at, String from, String to) {
        return new DesiredChange(id, "Ann <ann@example.org>", "Ann <ann@example.org>", at, "app " + to,
                Signature.unchecked(), List.of(new TargetChange("prod", "app", Optional.ofNullable(from), Optional.of(to), false)));
    }

    static StatusEntry report(String host, String commit, int wave, Outcome outcome, Instant at, long millis,
                              String state, String reason, String message) {
        HostReport r = new HostReport(host, Map.of(), "0.1.0", at, Optional.of(commit), Optional.empty(), Optional.empty(),
                Optional.empty(), new HostReport.Pass(outcome.word(), "", at, millis),
                List.of(new HostReport.TargetOutcome("prod", wave, outcome)),
                List.of(new HostReport.ComponentReport("app", Optional.empty(), Optional.empty(), state,
                        Optional.ofNullable(reason), Optional.ofNullable(message))));
        return new StatusEntry(host + "@" + at, r);
    }

    static final List<String> COMMITS = List.of(A, X, B);
    static final List<DesiredChange> CHANGES = List.of(change(A, T0, null, "1.0.0"), change(B, T0.plusSeconds(3600), "1.0.0", "1.1.0"));

    static final Map<String, List<StatusEntry>> HISTORIES = Map.of(
            "canary", List.of(
                    report("canary", A, 0, Outcome.APPLIED, T0.plusSeconds(60), 1500, "Synced", null, null),
                    report("canary", B, 0, Outcome.FAILED, T0.plusSeconds(3700), 900, "Blocked", "failed-at-commit",
                            "verify 'healthy' failed")),
            "web", List.of(
                    report("web", X, 1, Outcome.HELD, T0.plusSeconds(100), 10, "Waiting", "wave-pending", "wave 2 starts later"),
                    report("web", X, 1, Outcome.APPLIED, T0.plusSeconds(2000), 2500, "Synced", null, null),
                    report("web", B, 1, Outcome.HELD, T0.plusSeconds(3800), 20, "Halted", "rollout-halted", "1 of 1 failed")));

    @Test
    void eachChangeListsWhoAppliedItWhenAndHowLongItTookNewestFirst() {
        List<AuditEntry> trail = AuditTrail.join(COMMITS, CHANGES, HISTORIES, AuditFilter.ALL);

        assertThat(trail).extracting(e -> e.change().commit()).containsExactly(B, A);
        List<HostRun> good = trail.get(1).hosts();
        assertThat(good).extracting(HostRun::host).containsExactly("canary", "web");
        assertThat(good.get(0).outcome()).isEqualTo(HostRun.Result.APPLIED);
        assertThat(good.get(0).took()).contains(Duration.ofMillis(1500));
        assertThat(good.get(0).sinceCommit()).contains(Duration.ofSeconds(60));
        assertThat(good.get(1).appliedAt()).as("a report at a later commit that did not touch the target counts for the change")
                .contains(T0.plusSeconds(2000));
        assertThat(good.get(1).wave()).isEqualTo(1);
    }

    @Test
    void aRollbackCarriesItsTypedReasonAndAHaltIsNotAFailure() {
        List<HostRun> bad = AuditTrail.join(COMMITS, CHANGES, HISTORIES, AuditFilter.ALL).get(0).hosts();

        assertThat(bad.get(0)).satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(HostRun.Result.ROLLED_BACK);
            assertThat(r.reason()).contains("failed-at-commit");
            assertThat(r.message()).contains("verify 'healthy' failed");
            assertThat(r.failedAt()).contains(T0.plusSeconds(3700));
            assertThat(r.took()).contains(Duration.ofMillis(900));
        });
        assertThat(bad.get(1)).satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(HostRun.Result.HALTED);
            assertThat(r.reason()).contains("rollout-halted");
            assertThat(r.took()).isEmpty();
        });
    }

    @Test
    void aDegradedRestoreIsToldApartFromARollback() {
        Map<String, List<StatusEntry>> h = Map.of("db", List.of(report("db", B, 0, Outcome.FAILED, T0.plusSeconds(4000), 5,
                "Degraded", "restored-unhealthy", "1.0.0 is unhealthy after the rollback")));

        assertThat(AuditTrail.join(COMMITS, CHANGES, h, AuditFilter.ALL).get(0).hosts())
                .singleElement().extracting(HostRun::outcome).isEqualTo(HostRun.Result.DEGRADED);
    }

    @Test
    void filtersKeepOneHostOneComponentAndRecentChanges() {
        AuditFilter web = new AuditFilter(Optional.of("web"), Optional.empty(), Optional.empty());
        assertThat(AuditTrail.join(COMMITS, CHANGES, HISTORIES, web))
                .allSatisfy(e -> assertThat(e.hosts()).extracting(HostRun::host).containsOnly("web"));

        AuditFilter other = new AuditFilter(Optional.empty(), Optional.of("db"), Optional.empty());
        assertThat(AuditTrail.join(COMMITS, CHANGES, HISTORIES, other)).isEmpty();

        AuditFilter recent = new AuditFilter(Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(1)));
        assertThat(AuditTrail.join(COMMITS, CHANGES, HISTORIES, recent)).extracting(e -> e.change().commit()).containsExactly(B);
    }

    @Test
    void reportsAtCommitsOutsideTheHistoryAreLeftOut() {
        Map<String, List<StatusEntry>> h = Map.of("old", List.of(report("old", C, 0, Outcome.APPLIED, T0, 5, "Synced", null, null)));

        assertThat(AuditTrail.join(COMMITS, CHANGES, h, AuditFilter.ALL)).allSatisfy(e -> assertThat(e.hosts()).isEmpty());
    }
}
