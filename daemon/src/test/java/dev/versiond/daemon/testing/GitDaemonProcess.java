package dev.versiond.daemon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Git's own {@code git daemon} as a child process on a free loopback port, serving the
 * repositories under one directory: the server a fleet would run, speaking protocol v2 to a
 * client that asks for it. Its packet trace ({@code GIT_TRACE_PACKET}) is written to
 * {@link #trace()}, so a test can see what the client asked for and what the server sent.
 */
public final class GitDaemonProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final int port;
    private final Path trace;

    private GitDaemonProcess(Process process, int port, Path trace) {
        this.process = process;
        this.port = port;
        this.trace = trace;
    }

    /**
     * Serves every repository under {@code base} as {@code git://127.0.0.1:<port>/<name>}.
     *
     * @param scratch where the trace and the daemon's log go
     */
    public static GitDaemonProcess serving(Path base, Path scratch) {
        return serving(base, scratch, false);
    }

    /**
     * Like {@link #serving(Path, Path)}, with pushes accepted ({@code --enable=receive-pack}) when
     * {@code writable}; without it {@code git daemon} refuses every push, as a read-only server does.
     */
    public static GitDaemonProcess serving(Path base, Path scratch, boolean writable) {
        int port = freePort();
        Path trace = scratch.resolve("git-daemon-" + port + ".trace");
        List<String> command = new java.util.ArrayList<>(List.of("git", "daemon", "--reuseaddr", "--export-all",
                "--informative-errors", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + base));
        if (writable) {
            command.add("--enable=receive-pack");
        }
        command.add(base.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(scratch.resolve("git-daemon-" + port + ".log").toFile());
        builder.environment().put("GIT_TRACE_PACKET", trace.toString());
        Process process;
        try {
            Files.createDirectories(scratch);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start `git daemon` (is git installed?)", e);
        }
        GitDaemonProcess daemon = new GitDaemonProcess(process, port, trace);
        daemon.awaitListening();
        return daemon;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("git daemon exited with " + process.exitValue());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(50));
            }
        }
        close();
        throw new IllegalStateException("git daemon did not listen on port " + port + " within " + START_TIMEOUT);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The daemon's process id: it reaps each connection's upload-pack, so their CPU adds to its children's. */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** {@code git://127.0.0.1:<port>/<name>}. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    /** The packet trace so far (every connection's upload-pack appends to it). */
    public String trace() {
        try {
            return Files.exists(trace) ? Files.readString(trace) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the trace so far. */
    public void clearTrace() {
        try {
            Files.deleteIfExists(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
