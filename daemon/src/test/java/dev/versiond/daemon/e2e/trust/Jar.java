package dev.versiond.daemon.e2e.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The shaded {@code versiond} jar as a child process. A minimal runner for these tests: when the
 * shared {@code testing/VersiondCli} fixture reaches main, these tests should move to it.
 */
final class Jar {
    private final Path jar;
    private final Map<String, String> env;
    /** Everything every command printed, to grep for secrets at the end. */
    private final StringBuilder transcript = new StringBuilder();

    Jar(Map<String, String> env) {
        String property = System.getProperty("versiond.jar");
        this.jar = property != null ? Path.of(property) : Path.of("target", "versiond.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("versiond jar not found at " + jar.toAbsolutePath() + " (run `mvnw package`)");
        }
        this.env = Map.copyOf(env);
    }

    /** What a finished command left. */
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    Result run(String... args) {
        Running r = start(args);
        try {
            if (!r.process.waitFor(90, TimeUnit.SECONDS)) {
                r.process.destroyForcibly();
                throw new AssertionError("versiond " + String.join(" ", args) + " did not finish within 90s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return r.result();
    }

    Running start(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            return new Running(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    /** A command still running, both streams drained in the background. */
    final class Running {
        final Process process;
        private final CompletableFuture<String> out;
        private final CompletableFuture<String> err;
        private final StringBuilder live = new StringBuilder();

        Running(Process process) {
            this.process = process;
            this.out = drain(process.getInputStream());
            this.err = drain(process.getErrorStream());
        }

        /** What stdout and stderr have shown so far. */
        String soFar() {
            synchronized (live) {
                return live.toString();
            }
        }

        /** Stops the process (SIGTERM) and collects its output. */
        Result stop() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result();
        }

        Result result() {
            Result r = new Result(process.exitValue(), out.join(), err.join());
            synchronized (transcript) {
                transcript.append(r.stdout()).append(r.stderr());
            }
            return r;
        }

        private CompletableFuture<String> drain(InputStream in) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                StringBuilder all = new StringBuilder();
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        String s = new String(buf, 0, n, StandardCharsets.UTF_8);
                        all.append(s);
                        synchronized (live) {
                            live.append(s);
                        }
                    }
                } catch (IOException e) {
                    all.append("(output lost: ").append(e).append(')');
                }
                f.complete(all.toString());
            }, "versiond-output");
            t.setDaemon(true);
            t.start();
            return f;
        }
    }
}
