package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.DaemonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent that applies, polls, is probed and is scraped keeps loaded: every class it loads
 * stays in memory (and in the class-data archive a host maps) for the life of the process, so the
 * libraries only rarer paths need must not be loaded by the common one. Jackson's object mapper
 * (a few hundred classes) is for the JSON endpoints, the notification sinks and Prometheus queries;
 * Bouncy Castle for signed commits; Apache MINA SSHD for {@code ssh://} remotes.
 */
class IdleClassesIT {
    /**
     * Class-name prefixes of the class-load log. Jackson's mapper, not its package: picocli reads the
     * commands' method signatures, which name three of its interfaces.
     */
    private static final List<String> NOT_AT_IDLE = List.of("com.fasterxml.jackson.databind.ObjectMapper ",
            "com.fasterxml.jackson.databind.ser.", "org.bouncycastle.", "org.apache.sshd.");

    @TempDir
    Path tmp;

    private DaemonHost host;

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void anIdleAgentLoadsNoneOfTheLibrariesOfRarerPaths() throws IOException {
        host = new DaemonHost(tmp);
        host.repo.release("1.0.0");
        host.repo.pin("1.0.0");
        Path loaded = tmp.resolve("classes.log");
        DaemonProcess daemon = host.startWithJvmFlags(List.of("-Xlog:class+load=info:file=" + loaded));

        // Only what probes and a scraper ask.
        DaemonHost.eventually().until(() -> daemon.get("/readyz").status() == 200);
        host.awaitPolls(3);
        host.assertFilesAt("1.0.0");
        assertThat(daemon.get("/healthz").status()).isEqualTo(200);

        List<String> idle = Files.readAllLines(loaded);
        assertThat(idle).as("the class-load log").anyMatch(line -> line.contains(" dev.versiond.daemon.cli.Main "));
        for (String library : NOT_AT_IDLE) {
            assertThat(idle).as("classes of %s loaded by an idle agent", library)
                    .noneMatch(line -> line.contains("] " + library));
        }

        // The status an operator's tools ask for all the time is written without the mapper, too.
        assertThat(daemon.get("/status").status()).isEqualTo(200);
        assertThat(daemon.status().path("components").get(0).path("state").asText()).isEqualTo("Synced");
        assertThat(Files.readAllLines(loaded)).as("classes loaded by GET /status")
                .noneMatch(line -> line.contains("] com.fasterxml.jackson.databind.ObjectMapper "));

        // The log would show it: the history is written by the mapper.
        assertThat(daemon.get("/history").status()).isEqualTo(200);
        assertThat(Files.readAllLines(loaded)).anyMatch(line -> line.contains("] com.fasterxml.jackson.databind.ObjectMapper "));
    }
}
