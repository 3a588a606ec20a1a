package dev.versiond.daemon.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.PlannedStep.Operation;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.state.AppliedStep;
import dev.versiond.daemon.state.AppliedVersion;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.Managed;
import dev.versiond.daemon.state.PendingStep;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.daemon.testing.Commits;
import dev.versiond.daemon.testing.Specs;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final HostIdentity HOST = new HostIdentity("web-1", Map.of("env", "prod"));
    private static final Commit COMMIT = Commits.at("c".repeat(40), NOW.minusSeconds(60));

    private static String migration(String version) {
        return """
                preflight:
                  - id: disk
                    check: { command: [true], deadline: 1s }
                up:
                  - id: release
                    run:
                      argv: [mkdir, -p, /opt/app/releases/%1$s]
                      creates: /opt/app/releases/%1$s
                      down: [rm, -rf, /opt/app/releases/%1$s]
                  - id: switch
                    link: { path: /opt/app/current, target: /opt/app/releases/%1$s }
                  - id: restart
                    service: { unit: app.service, action: restart }
                  - id: marker
                    file: { path: /opt/app/VERSION, content: "%1$s" }
                verify:
                  - id: health
                    check: { http: "http://127.0.0.1:8080/healthz" }
                """.formatted(version);
    }

    private static Specs app(String desired) {
        return Specs.repo()
                .component("app", "")
                .migration("app", "1.0.0", migration("1.0.0"))
                .migration("app", "1.1.0", migration("1.1.0"))
                .migration("app", "1.2.0", migration("1.2.0"))
                .target("prod", """
                        selector: { labels: { env: prod } }
                        components:
                          app: { version: %s }
                        """.formatted(desired));
    }

    private static Plan plan(DesiredState desired, RecordedState recorded) {
        return plan(desired, recorded, Observed.nothing(), NOW);
    }

    private static Plan plan(DesiredState desired, RecordedState recorded, Observed observed, Instant now) {
        return new Planner().plan(new PlanInput(desired, recorded, HOST, observed, Optional.of(COMMIT), now));
    }

    /** The host as if every listed version of a component had been applied from {@code desired}. */
    private static RecordedState applied(DesiredState desired, String component, String... versions) {
        Component c = desired.component(component).orElseThrow();
        TreeMap<Version, AppliedVersion> applied = new TreeMap<>();
        for (String v : versions) {
            Migration m = c.migration(Version.parse(v)).orElseThrow();
            applied.put(m.version(), new AppliedVersion(m.version(), COMMIT.id(), false, record(m.up(), AppliedStep.UP)));
        }
        Version top = applied.lastKey();
        return state(Map.of(component, new RecordedComponent(component, top, COMMIT.id(), applied)));
    }

    private static List<AppliedStep> record(List<Step> steps, String section) {
        List<AppliedStep> out = new ArrayList<>();
        int seq = 0;
        for (Step s : steps) {
            out.add(new AppliedStep(section, seq++, s.id(), s.kind(), Checksums.canonicalJson(s), Checksums.of(s),
                    s.kind().equals("file") ? Optional.of("{\"type\":\"file\",\"mode\":420}") : Optional.empty()));
        }
        return out;
    }

    private static RecordedState state(Map<String, RecordedComponent> components) {
        return new RecordedState(components, Map.of(), Map.of(), Optional.of(COMMIT.id()), Map.of());
    }

    private static List<String> steps(ComponentPlan plan) {
        return plan.steps().stream().map(s -> s.phase().word() + " " + s.version() + " " + s.step().id()
                + (s.operation() == Operation.REVERSE ? " (reverse)" : "")).toList();
    }

    @Test
    void upgradeRunsEveryDeclaredVersionInOrderWithAllPreflightChecksFirst() {
        DesiredState desired = app("1.2.0").load();
        ComponentPlan plan = plan(desired, applied(desired, "app", "1.0.0")).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.UPGRADE);
        assertThat(steps(plan)).containsExactly(
                "preflight 1.1.0 disk", "preflight 1.2.0 disk",
                "up 1.1.0 release", "up 1.1.0 switch", "up 1.1.0 restart", "up 1.1.0 marker", "verify 1.1.0 health",
                "up 1.2.0 release", "up 1.2.0 switch", "up 1.2.0 restart", "up 1.2.0 marker", "verify 1.2.0 health");
    }

    @Test
    void aFreshHostInstallsFromTheFirstDeclaredVersion() {
        ComponentPlan plan = plan(app("1.1.0").load(), RecordedState.empty()).component("app").orElseThrow();

        assertThat(plan.versions()).extracting(v -> v.version().toString()).containsExactly("1.0.0", "1.1.0");
        assertThat(plan.recorded()).isEmpty();
    }

    @Test
    void aHostAtTheDesiredVersionHasNothingToDo() {
        DesiredState desired = app("1.1.0").load();
        Plan plan = plan(desired, applied(desired, "app", "1.0.0", "1.1.0"));

        assertThat(plan.hasWork()).isFalse();
        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.component("app").orElseThrow().action()).isEqualTo(Action.NONE);
    }

    @Test
    void downgradeReversesRecordedStepsNewestFirstAndRestartsAfterTheLinkIsRestored() {
        DesiredState atTop = app("1.2.0").load();
        RecordedState recorded = applied(atTop, "app", "1.0.0", "1.1.0", "1.2.0");

        ComponentPlan plan = plan(app("1.0.0").load(), recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.DOWNGRADE);
        assertThat(steps(plan)).containsExactly(
                "down 1.2.0 marker (reverse)", "down 1.2.0 switch (reverse)", "down 1.2.0 release (reverse)",
                "down 1.2.0 restart (reverse)",
                "down 1.1.0 marker (reverse)", "down 1.1.0 switch (reverse)", "down 1.1.0 release (reverse)",
                "down 1.1.0 restart (reverse)",
                "verify 1.0.0 health");
        assertThat(plan.steps().get(0).recordedPrior()).hasValue("{\"type\":\"file\",\"mode\":420}");
    }

    @Test
    void downgradeUsesRecordedDefinitionsWhenMigrationFileIsGone() {
        DesiredState atTop = app("1.2.0").load();
        RecordedState recorded = applied(atTop, "app", "1.0.0", "1.1.0", "1.2.0");
        DesiredState withoutTop = app("1.1.0").without("components/app/migrations/1.2.0.yaml").load();

        ComponentPlan plan = plan(withoutTop, recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.DOWNGRADE);
        assertThat(plan.steps()).filteredOn(s -> s.version().toString().equals("1.2.0"))
                .extracting(PlannedStep::state).containsOnly(StepState.MISSING_IN_GIT);
        assertThat(plan.steps().get(0).step().id()).isEqualTo("marker");
    }

    @Test
    void anAppliedMigrationEditedInGitBlocksTheComponent() {
        DesiredState original = app("1.1.0").load();
        RecordedState recorded = applied(original, "app", "1.0.0", "1.1.0");
        DesiredState edited = app("1.2.0").migration("app", "1.1.0", migration("1.1.0").replace("mkdir, -p", "mkdir, -pv")).load();

        ComponentPlan plan = plan(edited, recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.BLOCKED);
        assertThat(plan.reason().orElseThrow()).contains("checksum mismatch", "app 1.1.0", "'release'", "versiond repair");
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void reformattingAnAppliedMigrationIsNotAnEdit() {
        DesiredState original = app("1.1.0").load();
        RecordedState recorded = applied(original, "app", "1.0.0", "1.1.0");
        String reformatted = migration("1.1.0").replace("link: { path: /opt/app/current, target: /opt/app/releases/1.1.0 }",
                "link:\n      target: /opt/app/releases/1.1.0\n      path: /opt/app/current");
        DesiredState moved = app("1.1.0").migration("app", "1.1.0", reformatted).load();

        assertThat(plan(moved, recorded).component("app").orElseThrow().action()).isEqualTo(Action.NONE);
    }

    @Test
    void anIrreversibleStepRefusesTheDowngradeAcrossIt() {
        Specs specs = app("1.1.0").migration("app", "1.1.0", """
                up:
                  - id: purge
                    irreversible: true
                    run: { argv: [rm, -rf, /var/cache/app], idempotent: true }
                """);
        DesiredState desired = specs.load();
        RecordedState recorded = applied(desired, "app", "1.0.0", "1.1.0");

        ComponentPlan plan = plan(app("1.0.0").migration("app", "1.1.0", """
                up:
                  - id: purge
                    irreversible: true
                    run: { argv: [rm, -rf, /var/cache/app], idempotent: true }
                """).load(), recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.BLOCKED);
        assertThat(plan.reason().orElseThrow()).contains("cannot downgrade", "'purge'", "no inverse", "declared irreversible");
    }

    @Test
    void aRevisionThatFailedAtThisCommitStaysBlockedButANewCommitRetriesIt() {
        DesiredState desired = app("1.1.0").load();
        RecordedState base = applied(desired, "app", "1.0.0");
        RecordedState blocked = new RecordedState(base.components(), Map.of("app", new Blocked("app", Version.parse("1.1.0"),
                COMMIT.id(), "verify failed", false, NOW)), Map.of(), Optional.empty(), Map.of());

        assertThat(plan(desired, blocked).component("app").orElseThrow().action()).isEqualTo(Action.BLOCKED);

        Commit next = Commits.at("d".repeat(40), NOW);
        Plan retried = new Planner().plan(new PlanInput(desired, blocked, HOST, Observed.nothing(), Optional.of(next), NOW));
        assertThat(retried.component("app").orElseThrow().action()).isEqualTo(Action.UPGRADE);
    }

    @Test
    void aDependentWaitsUntilItsDependencyWillBeAtASatisfyingVersion() {
        Specs specs = app("1.0.0")
                .component("worker", "dependsOn:\n  app: \">=1.1.0\"\n")
                .migration("worker", "1.0.0", "up:\n  - id: hello\n    file: { path: /opt/worker/hello, content: hi }\n")
                .target("prod", """
                        selector: { labels: { env: prod } }
                        components:
                          app: { version: 1.0.0 }
                          worker: { version: 1.0.0 }
                        """);
        ComponentPlan waiting = plan(specs.load(), RecordedState.empty()).component("worker").orElseThrow();
        assertThat(waiting.action()).isEqualTo(Action.WAITING);
        assertThat(waiting.reason().orElseThrow()).contains("waits for app >=1.1.0");

        Plan ok = plan(specs.target("prod", """
                selector: { labels: { env: prod } }
                components:
                  app: { version: 1.1.0 }
                  worker: { version: 1.0.0 }
                """).load(), RecordedState.empty());
        assertThat(ok.components()).extracting(ComponentPlan::component).containsExactly("app", "worker");
        assertThat(ok.component("worker").orElseThrow().action()).isEqualTo(Action.UPGRADE);
    }

    @Test
    void downgradesRunFirstWithDependentsBeforeWhatTheyDependOn() {
        Specs specs = app("1.2.0")
                .component("worker", "dependsOn:\n  app: \"*\"\n")
                .migration("worker", "1.0.0", "up:\n  - id: a\n    file: { path: /opt/worker/a, content: a }\n")
                .migration("worker", "1.1.0", "up:\n  - id: b\n    file: { path: /opt/worker/b, content: b }\n");
        DesiredState top = specs.target("prod", """
                selector: { labels: { env: prod } }
                components:
                  app: { version: 1.2.0 }
                  worker: { version: 1.1.0 }
                """).load();
        Map<String, RecordedComponent> both = new HashMap<>(applied(top, "app", "1.0.0", "1.1.0", "1.2.0").components());
        both.putAll(applied(top, "worker", "1.0.0", "1.1.0").components());

        Plan plan = plan(specs.target("prod", """
                selector: { labels: { env: prod } }
                components:
                  app: { version: 1.1.0 }
                  worker: { version: 1.0.0 }
                """).load(), state(both));

        assertThat(plan.components()).extracting(ComponentPlan::component).containsExactly("worker", "app");
    }

    @Test
    void aClosedMaintenanceWindowHoldsChangesBackUntilItOpens() {
        DesiredState desired = app("1.1.0").target("prod", """
                selector: { labels: { env: prod } }
                components:
                  app: { version: 1.1.0 }
                windows:
                  - cron: "0 0 2 ? * SAT"
                    duration: 2h
                    timezone: UTC
                """).load();
        Instant friday = Instant.parse("2026-11-20T12:00:00Z");

        ComponentPlan held = plan(desired, RecordedState.empty(), Observed.nothing(), friday).component("app").orElseThrow();
        assertThat(held.action()).isEqualTo(Action.WAITING);
        assertThat(held.waitUntil()).hasValue(Instant.parse("2026-11-21T02:00:00Z"));
        assertThat(held.reason().orElseThrow()).contains("outside the maintenance window", "2026-11-21T02:00:00Z");

        Instant saturdayNight = Instant.parse("2026-11-21T03:00:00Z");
        assertThat(plan(desired, RecordedState.empty(), Observed.nothing(), saturdayNight).component("app").orElseThrow()
                .action()).isEqualTo(Action.UPGRADE);
    }

    @Test
    void aHostInALaterRolloutWaveWaitsForItsBakeTime() {
        DesiredState desired = app("1.1.0").target("prod", """
                selector: { labels: { env: prod } }
                components:
                  app: { version: 1.1.0 }
                rollout: { waves: [1, 100], bake: 1h }
                """).load();
        assertThat(Waves.bucket("web-1")).isGreaterThanOrEqualTo(1); // so web-1 is in the second wave

        ComponentPlan held = plan(desired, RecordedState.empty(), Observed.nothing(), COMMIT.committedAt().plusSeconds(60))
                .component("app").orElseThrow();
        assertThat(held.action()).isEqualTo(Action.WAITING);
        assertThat(held.waitUntil()).hasValue(COMMIT.committedAt().plusSeconds(3600));

        assertThat(plan(desired, RecordedState.empty(), Observed.nothing(), COMMIT.committedAt().plusSeconds(3601))
                .component("app").orElseThrow().action()).isEqualTo(Action.UPGRADE);
    }

    @Test
    void wavesAreStableAndSpreadAcrossBuckets() {
        assertThat(Waves.bucket("web-1")).isEqualTo(Waves.bucket("web-1"));
        long distinct = java.util.stream.IntStream.range(0, 500).map(i -> Waves.bucket("host-" + i)).distinct().count();
        assertThat(distinct).isGreaterThan(90);
    }

    private static Specs withConfig(String desired, String selfHeal) {
        return app(desired)
                .component("app", """
                        config:
                          files:
                            - id: conf
                              file: { path: /etc/app.conf, template: templates/app.conf }
                          onChange:
                            - id: reload
                              service: { unit: app.service, action: reload }
                        """)
                .file("components/app/templates/app.conf", "port={{config.port}}\n")
                .target("prod", """
                        selector: { labels: { env: prod } }
                        components:
                          app: { version: %s, config: { port: 8080 } }
                        selfHeal: %s
                        """.formatted(desired, selfHeal));
    }

    @Test
    void aConfigFileConvergesWhenItsRenderingDiffersAndQueuesOnChangeOnce() {
        DesiredState desired = withConfig("1.0.0", "false").load();
        RecordedState recorded = applied(desired, "app", "1.0.0");
        Observed stale = new Observed(Map.of("/etc/app.conf", new HostObject.RegularFile(
                Fingerprints.sha256("port=80\n".getBytes(StandardCharsets.UTF_8)), 0644)));

        ComponentPlan plan = plan(desired, recorded, stale, NOW).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.CONVERGE);
        assertThat(steps(plan)).containsExactly("converge 1.0.0 conf", "on-change 1.0.0 reload");

        Observed current = new Observed(Map.of("/etc/app.conf", new HostObject.RegularFile(
                Fingerprints.sha256("port=8080\n".getBytes(StandardCharsets.UTF_8)), 0644)));
        assertThat(plan(desired, recorded, current, NOW).component("app").orElseThrow().action()).isEqualTo(Action.NONE);
    }

    @Test
    void configFilesRenderWithTheResolvedConfigTheReconcilerHandsIn() {
        DesiredState desired = withConfig("1.0.0", "false").load();
        RecordedState recorded = applied(desired, "app", "1.0.0");
        Observed resolvedOnDisk = new Observed(Map.of("/etc/app.conf", new HostObject.RegularFile(
                Fingerprints.sha256("port=9999\n".getBytes(StandardCharsets.UTF_8)), 0644)));
        PlanInput in = new PlanInput(desired, recorded, HOST, resolvedOnDisk, Optional.of(COMMIT), NOW,
                Map.of("app", Map.of("port", "9999")), Map.of(), AllowedRoots.everywhere());

        ComponentPlan plan = new Planner().plan(in).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.NONE);
    }

    @Test
    void aComponentWhoseSecretsCannotBeResolvedIsBlockedWithTheProblem() {
        DesiredState desired = app("1.1.0").load();
        PlanInput in = new PlanInput(desired, applied(desired, "app", "1.0.0"), HOST, Observed.nothing(),
                Optional.of(COMMIT), NOW, Map.of(), Map.of("app", "secret not available: config db.password: secretFile "
                + "'db-password': no file /etc/versiond/secrets/db-password"), AllowedRoots.everywhere());

        ComponentPlan plan = new Planner().plan(in).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.BLOCKED);
        assertThat(plan.reason()).get().asString().contains("secretFile 'db-password'");
        assertThat(plan.hasWork()).isFalse();
    }

    @Test
    void aPlanTouchingAPathOutsideTheAllowedRootsIsBlockedNamingTheStepAndPath() {
        DesiredState desired = app("1.1.0").load();
        RecordedState recorded = applied(desired, "app", "1.0.0");

        ComponentPlan outside = new Planner().plan(new PlanInput(desired, recorded, HOST, Observed.nothing(),
                Optional.of(COMMIT), NOW, Map.of(), Map.of(), new AllowedRoots(List.of("/opt/app/releases"))))
                .component("app").orElseThrow();
        ComponentPlan inside = new Planner().plan(new PlanInput(desired, recorded, HOST, Observed.nothing(),
                Optional.of(COMMIT), NOW, Map.of(), Map.of(), new AllowedRoots(List.of("/opt/app"))))
                .component("app").orElseThrow();

        assertThat(outside.action()).isEqualTo(Action.BLOCKED);
        assertThat(outside.reason()).get().asString()
                .contains("step 'switch' path /opt/app/current is outside the allowed roots [/opt/app/releases]");
        assertThat(inside.action()).isEqualTo(Action.UPGRADE);
    }

    @Test
    void driftInAManagedLinkIsReportedAndHealedOnlyWhenTheTargetAsksForIt() {
        DesiredState reportOnly = app("1.0.0").load();
        RecordedState base = applied(reportOnly, "app", "1.0.0");
        RecordedState recorded = new RecordedState(base.components(), Map.of(), Map.of("/opt/app/current",
                new Managed("/opt/app/current", "app", "link", "/opt/app/releases/1.0.0", "app/1.0.0/switch")),
                Optional.empty(), Map.of());
        Observed tampered = new Observed(Map.of("/opt/app/current", new HostObject.Symlink("/tmp/evil")));

        ComponentPlan reported = plan(reportOnly, recorded, tampered, NOW).component("app").orElseThrow();
        assertThat(reported.action()).isEqualTo(Action.NONE);
        assertThat(reported.drift()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/opt/app/current");
            assertThat(d.actual()).isEqualTo("/tmp/evil");
        });

        DesiredState healing = app("1.0.0").target("prod", """
                selector: { labels: { env: prod } }
                components:
                  app: { version: 1.0.0 }
                selfHeal: true
                """).load();
        ComponentPlan healed = plan(healing, recorded, tampered, NOW).component("app").orElseThrow();
        assertThat(healed.action()).isEqualTo(Action.CONVERGE);
        assertThat(healed.converge()).singleElement().satisfies(s -> {
            assertThat(s.phase()).isEqualTo(StepPhase.HEAL);
            assertThat(s.corrective()).isTrue();
            assertThat(s.step().id()).isEqualTo("switch");
        });
    }

    /** The host as an interrupted pass left it: 1.1.0's first two steps started, the version not recorded. */
    private static RecordedState interruptedAt110(DesiredState desired, String prior) {
        RecordedState base = applied(desired, "app", "1.0.0");
        Migration m = desired.component("app").orElseThrow().migration(Version.parse("1.1.0")).orElseThrow();
        Step release = m.up().get(0);
        Step link = m.up().get(1);
        PendingStep first = new PendingStep("app", "1.1.0", release.id(), 7, release.kind(), Checksums.canonicalJson(release),
                Optional.empty());
        PendingStep second = new PendingStep("app", "1.1.0", link.id(), 8, link.kind(), Checksums.canonicalJson(link),
                Optional.of(prior));
        return new RecordedState(base.components(), Map.of(), Map.of(), Optional.empty(),
                Map.of(first.key(), first, second.key(), second));
    }

    @Test
    void aRetriedUpStepReusesThePriorCapturedByTheInterruptedPass() {
        String prior = "{\"type\":\"link\",\"target\":\"/opt/app/releases/1.0.0\"}";
        DesiredState desired = app("1.1.0").load();

        ComponentPlan plan = plan(desired, interruptedAt110(desired, prior)).component("app").orElseThrow();

        assertThat(plan.versions()).extracting(PlannedVersion::direction).containsExactly(PlannedVersion.Direction.UP);
        assertThat(plan.steps()).filteredOn(s -> s.step().id().equals("switch"))
                .singleElement().satisfies(s -> assertThat(s.recordedPrior()).hasValue(prior));
    }

    @Test
    void stepsAnInterruptedPassLeftAreReversedWhenTheTargetNoLongerGoesThroughTheirVersion() {
        String prior = "{\"type\":\"link\",\"target\":\"/opt/app/releases/1.0.0\"}";
        RecordedState recorded = interruptedAt110(app("1.1.0").load(), prior);

        ComponentPlan plan = plan(app("1.0.0").load(), recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.CONVERGE);
        assertThat(plan.reason().orElseThrow()).contains("interrupted pass");
        assertThat(steps(plan)).containsExactly("cleanup 1.1.0 switch (reverse)", "cleanup 1.1.0 release (reverse)");
        assertThat(plan.steps().get(0).recordedPrior()).hasValue(prior);
    }

    @Test
    void leftoversAreCleanedUpBeforeAnUpgradeThatSkipsTheirVersion() {
        Specs specs = app("1.2.0");
        RecordedState recorded = interruptedAt110(specs.load(), "{\"type\":\"link\"}");
        DesiredState without110 = app("1.2.0").without("components/app/migrations/1.1.0.yaml").load();

        ComponentPlan plan = plan(without110, recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.UPGRADE);
        assertThat(plan.versions()).extracting(PlannedVersion::direction)
                .containsExactly(PlannedVersion.Direction.CLEANUP, PlannedVersion.Direction.UP);
    }

    @Test
    void aComponentNamedByNoTargetIsLeftAsRecorded() {
        DesiredState desired = app("1.0.0").load();
        RecordedState recorded = applied(desired, "app", "1.0.0");
        DesiredState other = app("1.0.0").target("prod", """
                selector: { labels: { env: staging } }
                components:
                  app: { version: 1.0.0 }
                """).load();

        ComponentPlan plan = plan(other, recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.UNMANAGED);
        assertThat(plan.hasWork()).isFalse();
    }

    @Test
    void aBaselinedVersionCannotBeDowngradedBelow() {
        DesiredState desired = app("1.0.0").load();
        TreeMap<Version, AppliedVersion> applied = new TreeMap<>();
        applied.put(Version.parse("1.1.0"), new AppliedVersion(Version.parse("1.1.0"), "baseline", true, List.of()));
        RecordedState recorded = state(Map.of("app", new RecordedComponent("app", Version.parse("1.1.0"), "baseline", applied)));

        ComponentPlan plan = plan(desired, recorded).component("app").orElseThrow();

        assertThat(plan.action()).isEqualTo(Action.BLOCKED);
        assertThat(plan.reason().orElseThrow()).contains("baselined");
    }
}
