package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.testing.DaemonProcess;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code versiond status}, {@code history} and {@code plan} (without {@code --repo}) through the real jar ask the
 * running agent's API, found through the {@code http:} of its config file, instead of reading the state or the
 * repository themselves; {@code plan --repo} and {@code history --state} still work locally.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineAsksTheAgentIT {
    private static final VersiondCli CLI = VersiondCli.fromSystemProperty();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    DaemonHost host;
    DaemonProcess daemon;
    Path config;

    @BeforeAll
    void startDaemon() throws IOException {
        host = new DaemonHost(tmp);
        host.repo.release("1.0.0").release("1.1.0");
        host.repo.pin("1.0.0");
        daemon = host.start();
        host.awaitSynced("1.0.0");
        // The agent's own config as a client finds it: listening on every interface is asked on loopback.
        config = tmp.resolve("agent.yaml");
        Files.writeString(config, "repo: " + host.server.url("app") + "\nhttp: 0.0.0.0:" + URI.create(daemon.url()).getPort() + "\n");
    }

    @AfterAll
    void stopDaemon() {
        host.close();
    }

    @Test
    void historyWithoutStateIsTheAgentsHistory() throws IOException {
        Result text = CLI.run("history", "--config", config.toString());
        Result json = CLI.run("history", "--config", config.toString(), "--format", "json", "--limit", "500");

        assertThat(text.exitCode()).as("%s", text).isZero();
        assertThat(text.stdout()).contains("app").contains("-> 1.0.0");
        assertThat(json.exitCode()).as("%s", json).isZero();
        // The default --state (/var/lib/versiond) is not the agent's state directory: these are the agent's passes.
        assertThat(ids(JSON.readTree(json.stdout()))).isNotEmpty().isEqualTo(ids(daemon.getJson("/history?limit=500")));
    }

    @Test
    void historyWithStateReadsTheStateDirectoryEvenWithAnAgentRunning() throws IOException {
        Result local = CLI.run("history", "--config", config.toString(), "--state", host.state.toString(),
                "--format", "json", "--limit", "500");

        assertThat(local.exitCode()).as("%s", local).isZero();
        assertThat(ids(JSON.readTree(local.stdout()))).isNotEmpty().isEqualTo(ids(daemon.getJson("/history?limit=500")));
    }

    @Test
    void statusAndPlanWithoutRepoAskTheAgent() throws IOException {
        Result status = CLI.run("status", "--config", config.toString());
        Result plan = CLI.run("plan", "--config", config.toString());
        Result planJson = CLI.run("plan", "--url", daemon.url(), "--format", "json");

        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout()).contains(DaemonHost.HOST).containsPattern("app\\s+1\\.0\\.0\\s+1\\.0\\.0\\s+Synced");
        assertThat(plan.exitCode()).as("in sync: %s", plan).isZero();
        assertThat(plan.stdout()).contains("app");
        assertThat(JSON.readTree(planJson.stdout())).isEqualTo(daemon.getJson("/plan"));
    }

    @Test
    void planWithRepoStillPlansLocally() {
        Result plan = CLI.run("plan", "--url", "http://127.0.0.1:" + freePort(), "--repo", host.server.url("app"),
                "--state", tmp.resolve("elsewhere").toString(), "--root", tmp.resolve("elsewhere-root").toString(),
                "--host", DaemonHost.HOST);

        assertThat(plan.exitCode()).as("nothing recorded there: app would be installed: %s", plan).isEqualTo(2);
        assertThat(plan.stdout()).contains("app").contains("1.0.0");
    }

    @Test
    void planWithoutRepoAndWithoutAnAgentIsAUsageError() {
        Result plan = CLI.run("plan", "--url", "http://127.0.0.1:" + freePort());

        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(64);
        assertThat(plan.stderr()).contains("no agent answers at http://127.0.0.1:").contains("--repo");
    }

    private static List<Long> ids(JsonNode passes) {
        List<Long> ids = new ArrayList<>();
        passes.forEach(p -> ids.add(p.path("id").asLong()));
        return ids;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
