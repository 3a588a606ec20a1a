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
    private final Path log;

    private GitDaemonProcess(Process process, int port, Path trace, Path log) {
        this.process = process;
        this.port = port;
        this.trace = trace;
        this.log = log;
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
        return start(base, scratch, writable ? List.of("--enable=receive-pack") : List.of(), true);
    }

    /**
     * Serves every repository under {@code base} for a fleet: pushes allowed ({@code receive-pack}), no
     * limit on concurrent connections, every request logged ({@code --verbose}, see {@link #log()}) and
     * no packet trace (at hundreds of clients it would cost more than the requests).
     */
    public static GitDaemonProcess servingFleet(Path base, Path scratch) {
        return start(base, scratch, List.of("--enable=receive-pack", "--max-connections=0", "--verbose"), false);
    }

    private static GitDaemonProcess start(Path base, Path scratch, List<String> options, boolean traced) {
        int port = freePort();
        Path trace = scratch.resolve("git-daemon-" + port + ".trace");
        List<String> command = new java.util.ArrayList<>(List.of("git", "daemon", "--reuseaddr", "--export-all",
                "--informative-errors", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + base));
        command.addAll(options);
        command.add(base.toString());
        Path log = scratch.resolve("git-daemon-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (traced) {
            builder.environment().put("GIT_TRACE_PACKET", trace.toString());
        }
        Process process;
        try {
            Files.createDirectories(scratch);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start `git daemon` (is git installed?)", e);
        }
        GitDaemonProcess daemon = new GitDaemonProcess(process, port, trace, log);
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

    /** The daemon's own log (stdout and stderr): with {@code --verbose}, a line per request. */
    public Path log() {
        return log;
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
