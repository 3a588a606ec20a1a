package dev.versiond.daemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code versiond run} as a child process ({@code java -jar versiond.jar run ...}), for end-to-end
 * tests of the long-running daemon: started with {@code --http 127.0.0.1:0}, its port read from the
 * "serving" line it prints, and an HTTP client for its API. {@link #stop} sends SIGTERM (what
 * {@link Process#destroy()} sends on Linux) as systemd does; {@link #kill} sends SIGKILL.
 */
public final class DaemonProcess implements AutoCloseable {
    /** How long a start may take to print its "serving" line (a loaded 2-core machine is slow to start a JVM). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SERVING = Pattern.compile("versiond run: serving http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    private DaemonProcess(List<String> command) {
        this.command = List.copyOf(command);
        // Files, not pipes: nothing is lost at exit (a pipe read racing the exit can end in "Stream closed").
        try {
            this.stdout = Files.createTempFile("versiond-run-", ".out");
            this.stderr = Files.createTempFile("versiond-run-", ".err");
            this.process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        this.base = URI.create("http://127.0.0.1:" + awaitPort() + "/");
    }

    /**
     * Starts {@code versiond run} with the given arguments plus {@code --http 127.0.0.1:0}, and returns
     * once it serves HTTP (its first pass may still be running).
     */
    public static DaemonProcess start(String... runArgs) {
        return start(List.of(), runArgs);
    }

    /** The same, with JVM flags after the defaults (so {@code -Xmx32m} overrides theirs). */
    public static DaemonProcess start(List<String> jvmFlags, String... runArgs) {
        Path jar = VersiondCli.fromSystemProperty().jar();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The C1 compiler and serial GC start fastest; a test daemon lives for seconds, not weeks.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xshare:auto"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString(), "run"));
        command.addAll(List.of(runArgs));
        command.addAll(List.of("--http", "127.0.0.1:0"));
        return new DaemonProcess(command);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash), as {@code versiond status --url} takes it. */
    public String url() {
        return base.toString().replaceAll("/$", "");
    }

    /** What the daemon printed so far, stdout then stderr, for failure messages. */
    public String output() {
        return "--- stdout of " + String.join(" ", command) + "\n" + read(stdout) + "--- stderr\n" + read(stderr);
    }

    /** What the daemon printed on stdout so far. */
    public String stdout() {
        return read(stdout);
    }

    /** What the daemon logged on stderr so far. */
    public String stderr() {
        return read(stderr);
    }

    /** What the daemon printed so far, stdout then stderr, without the command line that started it. */
    public String printed() {
        return read(stdout) + read(stderr);
    }

    /** An HTTP answer: status code and body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** {@code GET path}, whatever the status. */
    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(relative(path))).GET());
    }

    /** {@code GET path} that must answer 200, as JSON. */
    public JsonNode getJson(String path) {
        Response r = get(path);
        if (r.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** {@code GET /status} as JSON. */
    public JsonNode status() {
        return getJson("/status");
    }

    /** {@code POST path} with {@code Authorization: Bearer token} when a token is given. */
    public Response post(String path, Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(relative(path)))
                .POST(HttpRequest.BodyPublishers.noBody());
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return send(request);
    }

    /**
     * SIGTERM, then waits up to {@code within} for the exit; returns the exit code. Fails (and kills
     * the process) if it does not exit in time.
     */
    public int stop(Duration within) {
        process.destroy();
        return awaitExit(within);
    }

    /** SIGKILL, and waits for the process to be gone; returns the exit code. */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** Kills the daemon if it still runs (a failed test must not leave a child behind) and deletes its output. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int awaitExit(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("versiond did not exit within " + within + "\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for versiond to exit", e);
        }
    }

    private int awaitPort() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = SERVING.matcher(read(stdout));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("versiond exited with " + process.exitValue() + " before serving\n" + output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while starting versiond", e);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("versiond printed no 'serving' line within " + START_TIMEOUT + "\n" + output());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("request to the daemon failed" + (process.isAlive() ? "" : " (it exited)")
                    + "\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }
}
