package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.DaemonProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteOutageIT {
    private static final String SECRET = "s3cr3t-pw";

    @TempDir
    Path tmp;

    DaemonHost host;

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void whileTheRemoteIsDownTheDaemonServesAndReportsItThenRecoversByItself() {
        host = new DaemonHost(tmp);
        host.repo.release("1.0.0").release("1.1.0");
        host.repo.pin("1.0.0");
        // Credentials in the URL, as an operator might configure them: they must not surface in status.
        String url = host.server.url("app").replace("git://", "git://deploy:" + SECRET + "@");
        DaemonProcess daemon = host.startFollowing(url);
        host.awaitSynced("1.0.0");
        double failedBefore = host.metric("versiond_polls_total", "result=\"failed\"");

        host.server.stop();

        JsonNode down = host.awaitStatus("a source error", s -> !s.path("lastError").isNull());
        DaemonHost.eventually().until(() -> host.metric("versiond_polls_total", "result=\"failed\"") >= failedBefore + 2);
        assertThat(daemon.get("/healthz").status()).isEqualTo(200);
        assertThat(daemon.get("/readyz").status()).isEqualTo(200);
        JsonNode status = daemon.status();
        assertThat(status.path("lastError").asText()).isEqualTo(down.path("lastError").asText())
                .contains("127.0.0.1:" + host.server.port())
                .doesNotContain(SECRET);
        assertThat(status.toString()).doesNotContain(SECRET);
        assertThat(DaemonHost.app(status).path("state").asText()).as("what was applied stays applied").isEqualTo("Synced");
        assertThat(daemon.get("/metrics").body()).doesNotContain(SECRET);

        host.server.start();
        String bump = host.repo.pin("1.1.0");

        JsonNode recovered = host.awaitSynced("1.1.0");
        assertThat(recovered.path("revision").path("commit").asText()).isEqualTo(bump);
        assertThat(recovered.path("lastError").isNull()).as("%s", recovered).isTrue();
        host.assertFilesAt("1.1.0");
        assertThat(daemon.printed()).as("stdout and the log").doesNotContain(SECRET);
    }
}
