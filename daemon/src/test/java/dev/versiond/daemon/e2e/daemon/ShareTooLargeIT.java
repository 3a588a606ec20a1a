package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.DaemonProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon with a small heap ({@code -Xmx40m}, the unit's {@code ExitOnOutOfMemoryError}) and
 * a commit whose share for this host is larger than that heap can hold: the commit is refused with
 * reason {@code share-too-large} before it is parsed, the host stays where it was, the daemon keeps
 * serving (same process, no out-of-memory exit), and the next commit that fits is applied.
 */
class ShareTooLargeIT {
    @TempDir
    Path tmp;

    private DaemonHost host;

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void aShareTooLargeForTheHeapIsRefusedAndTheDaemonKeepsServing() {
        host = new DaemonHost(tmp);
        host.repo.release("1.0.0").release("1.1.0");
        host.repo.pin("1.0.0");
        DaemonProcess daemon = host.startWithJvmFlags(List.of("-Xmx40m", "-XX:+ExitOnOutOfMemoryError"));
        host.awaitSynced("1.0.0");
        long pid = daemon.pid();

        // 2.4 MB of files in app's folder: a 40 MiB heap holds about 1.2 MB of a share's files.
        for (int i = 0; i < 6; i++) {
            host.repo.git().write("components/app/templates/bundle-" + i + ".txt", ("x".repeat(99) + "\n").repeat(4_000));
        }
        String tooLarge = host.repo.pin("1.1.0");

        JsonNode refused = host.awaitStatus("share-too-large", s -> s.path("lastErrorReason").asText()
                .equals("share-too-large") && s.path("revision").path("commit").asText().equals(tooLarge));
        assertThat(refused.path("lastError").asText()).contains("refused, nothing applied", "components/app/", "-Xmx");
        assertThat(DaemonHost.app(refused).path("recorded").asText()).isEqualTo("1.0.0");
        assertThat(host.metric("versiond_share_too_large", "")).isEqualTo(1.0);
        host.awaitPolls(2);
        assertThat(daemon.isAlive()).isTrue();
        assertThat(daemon.pid()).isEqualTo(pid);
        assertThat(daemon.get("/healthz").status()).isEqualTo(200);
        host.assertFilesAt("1.0.0");

        for (int i = 0; i < 6; i++) {
            host.repo.git().delete("components/app/templates/bundle-" + i + ".txt");
        }
        host.repo.git().commit("the bundles leave the desired state");
        JsonNode synced = host.awaitSynced("1.1.0");
        assertThat(synced.path("lastErrorReason").isMissingNode() || synced.path("lastErrorReason").isNull()).isTrue();
        assertThat(host.metric("versiond_share_too_large", "")).isEqualTo(0.0);
        host.assertFilesAt("1.1.0");
    }
}
