package dev.versiond.daemon.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real {@code versiond} jar run as a child process ({@code java -jar versiond.jar ...}), for
 * end-to-end tests: what a user or cron would run, with stdout, stderr and the exit code captured.
 * The jar is the one {@code mvn package} built; failsafe passes its path in the system property
 * {@code versiond.jar}.
 */
public final class VersiondCli {
    /** How long one command may take before the test gives up on it and kills it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    private final Path jar;
    private final Map<String, String> env;

    private VersiondCli(Path jar, Map<String, String> env) {
        this.jar = jar;
        this.env = Map.copyOf(env);
    }

    /** The jar named by the system property {@code versiond.jar} (set by the failsafe plugin). */
    public static VersiondCli fromSystemProperty() {
        String property = System.getProperty("versiond.jar");
        Path jar = property != null ? Path.of(property) : Path.of("target", "versiond.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("versiond jar not found at " + jar.toAbsolutePath()
                    + " (run `mvnw package` first, or set -Dversiond.jar)");
        }
        return new VersiondCli(jar.toAbsolutePath(), Map.of());
    }

    /** The same jar with extra environment variables for the child. */
    public VersiondCli withEnv(Map<String, String> extra) {
        var merged = new java.util.HashMap<>(env);
        merged.putAll(extra);
        return new VersiondCli(jar, merged);
    }

    public Path jar() {
        return jar;
    }

    /** Runs a command to completion (at most {@link #DEFAULT_TIMEOUT}). */
    public Result run(String... args) {
        return start(args).await(DEFAULT_TIMEOUT);
    }

    /** Starts a command and returns at once; the caller awaits or kills it. */
    public Running start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A short-lived CLI: the C1 compiler and serial GC start fastest and are what cron would see too.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            return new Running(List.copyOf(command), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** What a finished command left: its exit code and everything it printed. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Stdout and stderr together, for assertions on a message wherever it was printed. */
        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "versiond " + String.join(" ", command.subList(command.indexOf("-jar") + 2, command.size()))
                    + "\n exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A command still running: both streams are drained in the background so the child never blocks on a pipe. */
    public static final class Running {
        private final List<String> command;
        private final Process process;
        private final CompletableFuture<String> stdout;
        private final CompletableFuture<String> stderr;

        private Running(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            this.stdout = drain(process.getInputStream());
            this.stderr = drain(process.getErrorStream());
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for the command to exit; kills it and fails if it takes longer than {@code timeout}. */
        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("versiond did not finish within " + timeout + ": " + result(-1));
                }
                return result(process.exitValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while waiting for " + command, e);
            }
        }

        /** Kills the child with SIGKILL (what {@link Process#destroyForcibly()} sends on Linux) and waits for it. */
        public Result kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return result(process.exitValue());
        }

        private Result result(int exitCode) {
            return new Result(command, exitCode, text(stdout), text(stderr));
        }

        private static String text(CompletableFuture<String> stream) {
            try {
                return stream.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            } catch (ExecutionException | TimeoutException e) {
                return "(output not available: " + e + ")";
            }
        }

        private static CompletableFuture<String> drain(InputStream in) {
            return CompletableFuture.supplyAsync(() -> {
                try (in) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output lost: " + e + ")";
                }
            }, runnable -> {
                Thread t = new Thread(runnable, "versiond-output");
                t.setDaemon(true);
                t.start();
            });
        }
    }
}
