package dev.versiond.daemon.systemd;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Finds files of the repository (examples/, systemd/) and runs the programs the tests check. */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** The repository root: the first directory above the working directory that holds {@code mvnw}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with mvnw and examples/) above " + Path.of("").toAbsolutePath());
    }

    static Path file(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing " + path);
        }
        return path;
    }

    /** The first executable called {@code name} on the PATH, as a shell would find it. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** What a finished process left behind. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs a program with extra environment and reads its output through pipes, as versiond does:
     * the output ends only when every process holding the pipes has closed them, so a program that
     * leaves a background process attached to them makes this fail instead of returning.
     */
    static Outcome run(List<String> argv, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(argv + " did not finish within " + timeoutSeconds + " s");
            }
            return new Outcome(process.exitValue(), stdout.get(timeoutSeconds, TimeUnit.SECONDS),
                    stderr.get(timeoutSeconds, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            throw new IllegalStateException(argv + " exited, but its output stayed open: a process it left behind holds it", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
