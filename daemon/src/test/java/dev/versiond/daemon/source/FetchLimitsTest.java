package dev.versiond.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.testing.GitDaemonProcess;
import dev.versiond.daemon.testing.GitFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote that sends too much, or too slowly, is cut off at the configured limit with an error
 * saying which, and the mirror keeps what it had: against git's own daemon, directly and behind a
 * proxy that trickles its answer.
 */
class FetchLimitsTest {
    private static final long ONE_MIB = 1024L * 1024L;

    @TempDir
    Path temp;

    private GitFixture repo;
    private GitDaemonProcess daemon;
    private String first;

    @BeforeEach
    void serveASmallHistory() {
        repo = GitFixture.init(temp.resolve("served").resolve("desired"));
        first = repo.write("targets/all.yaml", "kind: Target\n").commit("initial");
        daemon = GitDaemonProcess.serving(temp.resolve("served"), temp.resolve("daemon"));
    }

    @AfterEach
    void stop() {
        daemon.close();
        repo.close();
    }

    @Test
    void aPackLargerThanTheCapIsRefusedAndTheMirrorKeepsItsCommit() throws IOException {
        Path state = temp.resolve("state");
        FetchLimits oneMiB = new FetchLimits(ONE_MIB, Duration.ofMinutes(1));
        try (JGitSource source = open(daemon.url("desired"), state, oneMiB)) {
            assertThat(source.poll().id()).isEqualTo(first);
            List<Path> packsBefore = packs(state);
            repo.write("components/big/blob.bin", random(3 * ONE_MIB, 1)).commit("three MiB that do not compress");

            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(FetchLimitExceeded.class,
                            e -> assertThat(e.limit()).isEqualTo(FetchLimitExceeded.Limit.BYTES))
                    .hasMessageContaining("fetch from " + daemon.url("desired") + " stopped")
                    .hasMessageContaining("more than 1048576 bytes")
                    .hasMessageContaining("fetch-max-bytes");
            assertThat(packs(state)).isEqualTo(packsBefore);
        }
        assertThat(trackedCommit(state)).isEqualTo(first);

        try (JGitSource source = open(daemon.url("desired"), state, FetchLimits.defaults())) {
            assertThat(source.poll().id()).isEqualTo(repo.head());
        }
    }

    @Test
    void aServerTricklingItsPackIsCutOffAtTheDurationCap() throws Exception {
        for (int i = 0; i < 200; i++) {
            repo.write("components/c" + i + "/noise.bin", random(2048, i));
        }
        String second = repo.commit("two hundred files that do not compress");
        Path state = temp.resolve("state");
        try (Trickle slow = new Trickle(daemon.port(), 16 * 1024);
                JGitSource source = open("git://127.0.0.1:" + slow.port() + "/desired", state,
                        new FetchLimits(FetchLimits.DEFAULT_MAX_BYTES, Duration.ofSeconds(2)))) {
            long started = System.nanoTime();

            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(FetchLimitExceeded.class,
                            e -> assertThat(e.limit()).isEqualTo(FetchLimitExceeded.Limit.DURATION))
                    .hasMessageContaining("took longer than 2 s")
                    .hasMessageContaining("fetch-max-duration");

            // About 400 KiB at 16 KiB/s would take 25 s; the cap stops it at 2 s (plus one object).
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(trackedCommit(state)).isNull();
        assertThat(packs(state)).isEmpty();
        try (JGitSource source = open(daemon.url("desired"), state, FetchLimits.defaults())) {
            assertThat(source.poll().id()).isEqualTo(second);
        }
    }

    private static JGitSource open(String url, Path state, FetchLimits limits) {
        return JGitSource.open(url, "main", state, Clock.systemUTC(),
                new SourceOptions(Duration.ofSeconds(10), SourceOptions.DEFAULT_MAX_FILE_BYTES).with(limits));
    }

    private static String trackedCommit(Path state) throws IOException {
        try (Repository mirror = new FileRepositoryBuilder().setGitDir(state.resolve(JGitSource.MIRROR_DIRECTORY)
                .toFile()).setMustExist(true).build()) {
            var ref = mirror.exactRef(JGitSource.TRACKING_REF);
            return ref == null ? null : ref.getObjectId().name();
        }
    }

    /** Packs (or partial packs) the failed fetch might have left in the mirror. */
    private static List<Path> packs(Path state) throws IOException {
        try (Stream<Path> files = Files.walk(state.resolve(JGitSource.MIRROR_DIRECTORY).resolve("objects"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith("incoming_")
                            || f.getFileName().toString().endsWith(".pack"))
                    .sorted().toList();
        }
    }

    private static byte[] random(long size, long seed) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A TCP proxy on loopback that passes the client's bytes at once and the server's at a trickle. */
    private static final class Trickle implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final int bytesPerSecond;

        Trickle(int target, int bytesPerSecond) throws IOException {
            this.listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            this.target = target;
            this.bytesPerSecond = bytesPerSecond;
            Thread acceptor = new Thread(this::accept, "trickle-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    pump(client.getInputStream(), server.getOutputStream(), Integer.MAX_VALUE, client, server);
                    pump(server.getInputStream(), client.getOutputStream(), bytesPerSecond, client, server);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void pump(InputStream in, OutputStream out, int bytesPerSecond, Socket a, Socket b) {
            Thread thread = new Thread(() -> {
                int chunk = Math.min(4096, bytesPerSecond);
                byte[] buffer = new byte[chunk];
                try (a; b) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                        out.flush();
                        if (bytesPerSecond != Integer.MAX_VALUE) {
                            Thread.sleep(1000L * n / bytesPerSecond);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // one side hung up: the exchange is over
                }
            }, "trickle-pump");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

}
