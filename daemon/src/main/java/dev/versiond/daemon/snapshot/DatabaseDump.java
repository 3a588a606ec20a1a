package dev.versiond.daemon.snapshot;

import dev.versiond.spec.model.SnapshotStep;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL and MariaDB databases as a SQL dump made and loaded by the database's own tools
 * ({@code pg_dump}/{@code psql}, {@code mariadb-dump}/{@code mariadb}) when the host has them;
 * without them, a clear error naming the package to install. Run without a shell; passwords come
 * from the tools' own files of the agent's user ({@code ~/.pgpass}, {@code ~/.my.cnf}), never from
 * the step.
 */
final class DatabaseDump {
    private final List<Path> searchPath;

    /** @param searchPath where the tools are looked for (the agent's {@code PATH}) */
    DatabaseDump(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    static DatabaseDump fromEnvironment() {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        for (String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                dirs.add(Path.of(d));
            }
        }
        return new DatabaseDump(dirs);
    }

    void dump(SnapshotStep.Engine engine, String url, Path file, Duration timeout) throws IOException {
        URI u = URI.create(url);
        if (engine == SnapshotStep.Engine.POSTGRES) {
            run(List.of(tool("pg_dump", "postgresql-client", url), "--clean", "--if-exists", "--no-owner",
                    "--dbname=" + url, "--file=" + file), Optional.empty(), timeout, "dump " + url);
        } else {
            List<String> argv = new ArrayList<>(List.of(tool("mariadb-dump", "mariadb-client", url),
                    "--single-transaction", "--routines", "--triggers", "--add-drop-table", "--result-file=" + file));
            argv.addAll(connection(u));
            run(argv, Optional.empty(), timeout, "dump " + url);
        }
    }

    void load(SnapshotStep.Engine engine, String url, Path file, Duration timeout) throws IOException {
        URI u = URI.create(url);
        if (engine == SnapshotStep.Engine.POSTGRES) {
            run(List.of(tool("psql", "postgresql-client", url), "--no-psqlrc", "--quiet", "--single-transaction",
                    "--set=ON_ERROR_STOP=1", "--dbname=" + url, "--file=" + file), Optional.empty(), timeout, "load " + url);
        } else {
            List<String> argv = new ArrayList<>(List.of(tool("mariadb", "mariadb-client", url)));
            argv.addAll(connection(u));
            run(argv, Optional.of(file), timeout, "load " + url);
        }
    }

    /** {@code -h host -P port -u user database} of a {@code mariadb://user@host:port/db} URL. */
    private static List<String> connection(URI u) {
        List<String> argv = new ArrayList<>();
        argv.add("--host=" + u.getHost());
        if (u.getPort() > 0) {
            argv.add("--port=" + u.getPort());
            argv.add("--protocol=TCP");
        }
        if (u.getUserInfo() != null) {
            argv.add("--user=" + u.getUserInfo());
        }
        argv.add(u.getPath().substring(1));
        return argv;
    }

    /** The tool's path on this host, or an error that says what to install. */
    private String tool(String name, String debianPackage, String url) throws IOException {
        for (Path d : searchPath) {
            Path candidate = d.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(name + " is not installed on this host (looked in " + searchPath.size()
                + " PATH directories): a snapshot of " + url + " needs the database's own tools; install "
                + debianPackage + " (apt-get install " + debianPackage + ")");
    }

    private static void run(List<String> argv, Optional<Path> stdin, Duration timeout, String what) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(stdin.orElse(Path.of("/dev/null")).toFile()));
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("cannot " + what + ": not done within " + timeout.toSeconds() + "s");
            }
            if (p.exitValue() != 0) {
                String text = new String(out, StandardCharsets.UTF_8).strip();
                throw new IOException("cannot " + what + ": " + argv.get(0) + " exited " + p.exitValue()
                        + (text.isEmpty() ? "" : ": " + text.substring(Math.max(0, text.length() - 2000))));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("cannot " + what + ": interrupted", e);
        }
    }
}
