package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * A real {@code AF_UNIX}/{@code SOCK_DGRAM} socket standing in for systemd's notify socket. The JDK cannot
 * bind one, so a tiny Python process does and prints each datagram on a line ({@code \n} inside a message
 * shown as {@code |}). Tests are skipped where python3 is missing.
 */
final class NotifySocketServer implements AutoCloseable {
    private static final String SCRIPT = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind(sys.argv[1])
            print("bound", flush=True)
            while True:
                data = s.recv(65536)
                print(data.decode().replace("\\n", "|"), flush=True)
            """;

    private final Process process;
    private final Path socket;
    private final List<String> received = new CopyOnWriteArrayList<>();

    NotifySocketServer(Path dir) throws IOException {
        socket = dir.resolve("notify.sock");
        Path script = dir.resolve("notify-server.py");
        Files.writeString(script, SCRIPT);
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), socket.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeThat(false).as("python3 is needed to bind a unix datagram socket: " + e.getMessage()).isTrue();
            throw e;
        }
        process = p;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    received.add(line);
                }
            } catch (IOException ignored) {
                // The process ended; nothing more will arrive.
            }
        }, "notify-socket-reader");
        reader.setDaemon(true);
        reader.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("bound"));
    }

    String path() {
        return socket.toString();
    }

    /**
     * The messages received so far, without the start-up line and without the {@code BARRIER=1} datagrams
     * with which systemd-notify waits until the manager has read its message.
     */
    List<String> messages() {
        return received.stream().filter(m -> !m.equals("bound") && !m.equals("BARRIER=1")).toList();
    }

    /** How many {@code BARRIER=1} synchronisations arrived. */
    long barriers() {
        return received.stream().filter(m -> m.equals("BARRIER=1")).count();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
