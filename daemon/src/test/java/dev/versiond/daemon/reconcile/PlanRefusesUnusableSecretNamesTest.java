package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.spec.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secretFile name the agent would refuse when it resolves it ({@code ../x}) is refused when the
 * desired state is loaded, so a plan reports an invalid desired state naming the reference's place,
 * rather than a secret that is "not available".
 */
class PlanRefusesUnusableSecretNamesTest {
    @TempDir
    Path dir;

    @Test
    void aPlanOfATargetWithATraversingSecretFileNameFailsAsAnInvalidDesiredState() throws Exception {
        try (GitFixture repo = GitFixture.init(dir.resolve("repo"))) {
            repo.write("components/app/component.yaml", "kind: Component\nname: app\n");
            repo.write("components/app/migrations/1.0.0.yaml", """
                    kind: Migration
                    version: 1.0.0
                    up:
                      - id: marker
                        file: { path: /opt/app/VERSION, content: "1.0.0" }
                    """);
            repo.write("targets/all.yaml", """
                    kind: Target
                    name: all
                    components:
                      app:
                        version: 1.0.0
                        config: { password: { secretFile: ../../etc/shadow } }
                    """);
            repo.commit("app 1.0.0");
            try (Engine engine = Engine.open(new Engine.Options(repo.url(), "main", "", dir.resolve("state"),
                    dir.resolve("root"), new HostIdentity("web-01", Map.of()), List.of("true"), false, false),
                    Clock.systemUTC())) {
                PassReport report = engine.reconciler().pass("plan", false, false, ProgressSink.none(), () -> false);

                assertThat(report.plan()).isEmpty();
                assertThat(report.outcome()).isInstanceOfSatisfying(PassOutcome.Failed.class, failed -> {
                    assertThat(failed.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                    assertThat(failed.summary()).contains("targets/all.yaml:6:", "secretFile '../../etc/shadow' is not usable");
                });
            }
            assertThat(Files.exists(dir.resolve("root/opt/app/VERSION"))).isFalse();
        }
    }
}
