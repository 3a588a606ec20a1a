package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.testing.GitFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent's status says, before, during and after a pass. Real Git, real SQLite, real files. */
class EngineAgentTest {
    @TempDir
    Path dir;

    private GitFixture repo;

    @BeforeEach
    void repository() {
        repo = GitFixture.init(dir.resolve("repo"));
        repo.write("components/app/component.yaml", "kind: Component\nname: app\n");
        for (String v : List.of("1.0.0", "1.1.0")) {
            repo.write("components/app/migrations/" + v + ".yaml", """
                    kind: Migration
                    version: %1$s
                    up:
                      - id: version-file
                        file: { path: /opt/app/VERSION, content: "%1$s\\n" }
                    """.formatted(v));
        }
        pin("1.0.0");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    @Test
    void aCommitOlderThanMaxCommitAgeIsReportedStaleAndAYoungerOneIsNot() {
        Engine.Options o = options();
        java.time.Instant committed = dev.versiond.daemon.testing.GitFixture.FIRST_COMMIT_TIME;
        Clock later = Clock.fixed(committed.plus(java.time.Duration.ofDays(3)), java.time.ZoneOffset.UTC);
        for (int days : new int[] {1, 7}) {
            Engine.Options limited = new Engine.Options(o.repo(), o.ref(), o.path(), o.stateDir(), o.root(), o.host(),
                    o.systemctl(), o.allowNonDescendant(), o.allowPlainDirectory(), o.credentials(), o.signatures(),
                    o.secretsDir(), o.allowedRoots(), o.fetchLimits(), o.databasesFile(), java.util.Optional.of(java.time.Duration.ofDays(days)));
            try (Engine engine = Engine.open(limited, later)) {
                EngineAgent agent = new EngineAgent(engine, later, PassListener.NONE);
                agent.sync("test");
                if (days == 1) {
                    assertThat(agent.status().stale()).hasValueSatisfying(s -> assertThat(s)
                            .contains("over max-commit-age 1d").contains("frozen"));
                } else {
                    assertThat(agent.status().stale()).isEmpty();
                }
            }
        }
    }

    @Test
    void beforeItsFirstPassARestartedAgentSaysNothingIsKnownToBeSynced() {
        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            assertThat(new EngineAgent(engine, Clock.systemUTC(), PassListener.NONE).sync("test"))
                    .isInstanceOf(PassOutcome.Applied.class);
        }
        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            AgentStatus status = new EngineAgent(engine, Clock.systemUTC(), PassListener.NONE).status();

            assertThat(status.ready()).isFalse();
            assertThat(status.components()).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(ComponentState.UNKNOWN);
                assertThat(c.recorded()).contains("1.0.0");
            });
        }
    }

    @Test
    void whileAPassRunsTheComponentIsProgressingTowardTheVersionBeingApplied() {
        AtomicReference<EngineAgent> agent = new AtomicReference<>();
        AtomicReference<AgentStatus> during = new AtomicReference<>();
        try (Engine engine = Engine.open(options(), Clock.systemUTC(), e -> new CrashingExecutor(e, (call, step) -> {
            if (agent.get() != null && during.get() == null) {
                during.set(agent.get().status());
            }
            return false;
        }))) {
            EngineAgent a = new EngineAgent(engine, Clock.systemUTC(), PassListener.NONE);
            a.sync("first");
            pin("1.1.0");
            agent.set(a);

            a.sync("second");

            assertThat(during.get().components()).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(ComponentState.PROGRESSING);
                assertThat(c.recorded()).contains("1.0.0");
                assertThat(c.desired()).as("the version being applied, not the last pass's").contains("1.1.0");
            });
            assertThat(a.status().components()).singleElement()
                    .satisfies(c -> assertThat(c.state()).isEqualTo(ComponentState.SYNCED));
        }
    }

    private void pin(String version) {
        repo.write("targets/all.yaml", "kind: Target\nname: all\ncomponents:\n  app: { version: " + version + " }\n");
        repo.commit("app " + version);
    }

    private Engine.Options options() {
        return new Engine.Options(repo.url(), "main", "", dir.resolve("state"), dir.resolve("root"),
                new HostIdentity("web-01", Map.of()), List.of("true"), false, false);
    }
}
