package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.state.PassRecord;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.GitServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pass times its phases for the listener (the metric), and a pass that ran steps keeps them
 * in its history row, in the order they ran. Real Git over git://, real SQLite, real files.
 */
class PassPhasesTest {
    @TempDir
    Path dir;

    private GitFixture repo;
    private GitServer server;

    @BeforeEach
    void repository() {
        repo = GitFixture.init(dir.resolve("repo"));
        repo.write("components/app/component.yaml", "kind: Component\nname: app\n");
        repo.write("components/app/migrations/1.0.0.yaml", """
                kind: Migration
                version: 1.0.0
                up:
                  - id: version-file
                    file: { path: /opt/app/VERSION, content: "1.0.0\\n" }
                """);
        repo.write("targets/all.yaml", "kind: Target\nname: all\ncomponents:\n  app: { version: 1.0.0 }\n");
        repo.commit("app 1.0.0");
        server = GitServer.serving("fleet", repo);
    }

    @AfterEach
    void close() {
        server.close();
        repo.close();
    }

    @Test
    void aPassThatAppliesKeepsEachPhaseInHistoryAndANoChangePassStillReportsItsOwn() {
        List<PhaseTimes> reported = new ArrayList<>();
        PassListener listener = new PassListener() {
            @Override
            public void passPhases(PhaseTimes times) {
                reported.add(times);
            }
        };
        Engine.Options options = new Engine.Options(server.url("fleet"), "main", "", dir.resolve("state"),
                dir.resolve("root"), new HostIdentity("web-01", Map.of()), List.of("true"), false, false);
        try (Engine engine = Engine.open(options, Clock.systemUTC())) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), listener);

            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.Applied.class);
            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.NoChange.class);

            PassRecord applied = engine.store().history(Optional.empty(), 1).get(0);
            assertThat(applied.phaseSeconds()).containsOnlyKeys("ls-remote", "fetch", "verify", "load", "plan",
                    "execute", "record");
            assertThat(List.copyOf(applied.phaseSeconds().keySet())).containsExactly("ls-remote", "fetch", "verify",
                    "load", "plan", "execute", "record");
            assertThat(applied.phaseSeconds().values()).allSatisfy(s -> assertThat(s).isNotNegative());
            assertThat(applied.phaseSeconds().get("fetch")).isPositive();
        }
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0).times()).containsKeys(PassPhase.FETCH, PassPhase.EXECUTE, PassPhase.RECORD);
        // A no-change pass fetched nothing and ran nothing: its fetch is zero, it never reached execute.
        assertThat(reported.get(1).times()).containsKeys(PassPhase.LS_REMOTE, PassPhase.LOAD, PassPhase.PLAN)
                .doesNotContainKeys(PassPhase.EXECUTE, PassPhase.RECORD);
        assertThat(reported.get(1).times().get(PassPhase.FETCH)).isZero();
    }
}
