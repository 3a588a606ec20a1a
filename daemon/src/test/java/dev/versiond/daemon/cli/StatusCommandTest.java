package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.api.ApiServer;
import dev.versiond.daemon.config.HttpAddress;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.FakeAgent;
import dev.versiond.daemon.reconcile.Untrusted;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StatusCommandTest {
    private final FakeAgent agent = new FakeAgent();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private ApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String serve(AgentStatus status) {
        agent.setStatus(status);
        server = ApiServer.start(agent, () -> { }, () -> "", new HttpAddress("127.0.0.1", 0), Optional.empty());
        return "http://127.0.0.1:" + server.port();
    }

    private int status(String... args) {
        return new CommandLine(new StatusCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void anUntrustedCommitIsShownWithItsReasonAndTheSignerOfTheCurrentRevision() {
        AgentStatus base = FakeAgent.status(true, FakeAgent.synced("app", "1.2.0"));
        String url = serve(new AgentStatus(base.host(), base.labels(), base.ready(), base.suspended(), base.phase(),
                base.revision(), base.nextWindow(), base.progress(), Optional.of("untrusted commit 0123…"),
                base.lastSuccess(), base.components(), Optional.of(new Untrusted(
                        "0123456789abcdef0123456789abcdef01234567", "the commit is not signed", Untrusted.SIGNATURE))));

        status("--url", url);

        assertThat(out.toString())
                .contains("signed by:    ops@example.com")
                .contains("trust:        Untrusted: commit 0123456789abcdef0123456789abcdef01234567 refused: "
                        + "the commit is not signed (the host keeps the last trusted state)");
    }

    @Test
    void allSyncedPrintsTheTableAndExitsZero() {
        String url = serve(FakeAgent.status(true, FakeAgent.synced("app", "1.2.0"), FakeAgent.synced("db", "9.1.0")));

        int code = status("--url", url);

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("host:         web-01")
                .contains("revision:     abc1234def56 (main, fetched 2026-11-21T10:00:05Z)")
                .contains("phase:        idle")
                .contains("suspended:    no")
                .contains("next window:  -")
                .containsPattern("NAME +RECORDED +DESIRED +STATE +REASON")
                .containsPattern("app +1\\.2\\.0 +1\\.2\\.0 +Synced +-")
                .containsPattern("db +9\\.1\\.0 +9\\.1\\.0 +Synced");
    }

    @Test
    void aWaitingComponentExitsThreeAndShowsWhy() {
        String url = serve(FakeAgent.status(true, FakeAgent.synced("db", "9.1.0"),
                FakeAgent.waiting("app", "1.2.0", "1.3.0", "outside maintenance window")));

        int code = status("--url", url + "/");

        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).containsPattern("app +1\\.2\\.0 +1\\.3\\.0 +Waiting +outside maintenance window");
    }

    @Test
    void jsonFormatPrintsTheApiAnswer() throws IOException {
        String url = serve(FakeAgent.status(true, FakeAgent.synced("app", "1.2.0")));

        int code = status("--url", url, "--format", "json");

        assertThat(code).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("components").get(0).get("state").asText())
                .isEqualTo("Synced");
    }

    @Test
    void unreachableAgentExitsOneNamingTheUrl() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + freePort;

        int code = status("--url", url);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the agent at " + url);
    }

    @Test
    void isASubcommandOfVersiond() {
        assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("status");
    }
}
