package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.DaemonProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulStopIT {
    private static final Duration GRACE = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    DaemonHost host;

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void readyzAnswers503UntilTheFirstPassEnds() {
        host = new DaemonHost(tmp);
        host.repo.slowRelease("1.0.0", Duration.ofSeconds(2));
        host.repo.pin("1.0.0");

        DaemonProcess daemon = host.start();

        assertThat(daemon.get("/healthz").status()).isEqualTo(200);
        assertThat(daemon.get("/readyz").status()).as("the first pass sleeps 2 s in unpack").isEqualTo(503);
        assertThat(daemon.status().path("ready").asBoolean()).isFalse();
        DaemonHost.eventually().until(() -> daemon.get("/readyz").status() == 200);
        assertThat(host.app().path("state").asText()).isEqualTo("Synced");
    }

    @Test
    void sigtermMidPassExitsZeroWithinTheGraceAndARestartConverges() {
        host = new DaemonHost(tmp);
        host.repo.release("1.0.0").slowRelease("1.1.0", Duration.ofSeconds(3));
        host.repo.pin("1.0.0");
        DaemonProcess first = host.start("--grace", GRACE.toSeconds() + "s");
        host.awaitSynced("1.0.0");
        String bump = host.repo.pin("1.1.0");
        host.awaitStatus("applying 1.1.0", s -> s.path("phase").asText().equals("applying")
                && s.path("progress").path("version").asText().equals("1.1.0"));

        long sent = System.nanoTime();
        int exit = first.stop(GRACE);
        Duration took = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(exit).as("exit code after SIGTERM\n%s", first.output()).isZero();
        assertThat(took).isLessThan(GRACE);
        assertThat(first.output()).contains("stopping");
        first.close();

        DaemonProcess second = host.start();
        JsonNode status = host.awaitSynced("1.1.0");
        assertThat(status.path("revision").path("commit").asText()).isEqualTo(bump);
        host.assertFilesAt("1.1.0");
        List<JsonNode> passes = host.history();
        List<String> overBump = new ArrayList<>();
        for (JsonNode p : passes) {
            if (p.path("commit").asText().equals(bump)) {
                overBump.add(p.path("result").asText());
            }
        }
        assertThat(overBump).as("passes over the bump, newest first").isNotEmpty();
        assertThat(overBump.get(0)).isEqualTo("applied");
        assertThat(overBump.subList(1, overBump.size())).allMatch(r -> r.equals("interrupted"));
        for (JsonNode p : passes) {
            assertThat(p.path("finishedAt").isNull()).as("pass %s finished", p.path("id")).isFalse();
            for (JsonNode step : p.path("steps")) {
                assertThat(step.path("finishedAt").isNull() || step.path("outcome").isNull())
                        .as("journal row %s of pass %s finished", step.path("id"), p.path("id")).isFalse();
            }
        }
        assertThat(second.isAlive()).isTrue();
    }
}
