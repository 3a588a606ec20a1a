package dev.versiond.daemon.cli;

import dev.versiond.daemon.reconcile.FakeAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code versiond} with a {@link FakeAgent} behind {@code run}, for tests that need a real process
 * (signals, exit codes, sd_notify). The engine's shutdown hook writes {@code closed <host>} to the file named
 * by the system property {@code versiond.test.marker}.
 */
public final class FakeDaemonMain {
    private FakeDaemonMain() {
    }

    public static void main(String[] args) {
        Path marker = Path.of(System.getProperty("versiond.test.marker"));
        int code = Main.execute((config, listener, pushes) -> new AgentFactory.Running(new FakeAgent(), () -> {
            try {
                Files.writeString(marker, "closed " + config.host());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), args);
        System.exit(code);
    }
}
