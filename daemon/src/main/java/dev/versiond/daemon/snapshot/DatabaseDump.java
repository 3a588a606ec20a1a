package dev.versiond.daemon.snapshot;

import dev.versiond.spec.model.SnapshotStep;
import java.io.File;
import java.io.IOException;
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
 * without them, a clear error naming the package to install. Run without a shell. A database the
 * agent's databases file names brings its password, given to the tool in its environment; for a URL
 * the tools read it from their own files of the agent's user ({@code ~/.pgpass}, {@code ~/.my.cnf}).
 * Never in an argument: every user of the host can read a process's arguments.
 *
 * <p>The dump leaves out {@code versiond_schema_history}: it is the agent's ledger of what ran in the
 * database, not the application's data. A restore rewinding it would forget the sql steps that ran
 * after the capture and were reversed (their {@code down} rows), and the database and the journal
 * would no longer agree.
 */
final class DatabaseDump {
    private static final String HISTORY_TABLE = "versiond_schema_history";

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

    void dump(DumpTarget target, Path file, Duration timeout) throws IOException {
        List<String> argv = new ArrayList<>();
        if (target.engine() == SnapshotStep.Engine.POSTGRES) {
            argv.addAll(List.of(tool("pg_dump", "postgresql-client", target), "--clean", "--if-exists", "--no-owner",
                    "--file=" + file));
            // The tables of one schema, not the schema itself: its DROP SCHEMA would fail on the history
            // table the dump leaves in it.
            target.schema().ifPresent(schema -> argv.add("--table=" + schema + ".*"));
            argv.add("--exclude-table=*." + HISTORY_TABLE);
            argv.addAll(postgres(target));
        } else {
            argv.addAll(List.of(tool("mariadb-dump", "mariadb-client", target), "--single-transaction", "--routines",
                    "--triggers", "--add-drop-table", "--ignore-table=" + target.database() + "." + HISTORY_TABLE,
                    "--result-file=" + file));
            argv.addAll(mariadb(target));
        }
        run(argv, target, Optional.empty(), timeout, "dump " + target);
    }

    void load(DumpTarget target, Path file, Duration timeout) throws IOException {
        List<String> argv = new ArrayList<>();
        if (target.engine() == SnapshotStep.Engine.POSTGRES) {
            argv.addAll(List.of(tool("psql", "postgresql-client", target), "--no-psqlrc", "--quiet",
                    "--single-transaction", "--set=ON_ERROR_STOP=1", "--file=" + file));
            argv.addAll(postgres(target));
            run(argv, target, Optional.empty(), timeout, "load " + target);
        } else {
            argv.add(tool("mariadb", "mariadb-client", target));
            argv.addAll(mariadb(target));
            run(argv, target, Optional.of(file), timeout, "load " + target);
        }
    }

    /** Where psql and pg_dump connect; {@code --no-password}: never a prompt, the password is in the environment. */
    private static List<String> postgres(DumpTarget t) {
        List<String> argv = new ArrayList<>(List.of("--no-password", "--host=" + t.host()));
        t.port().ifPresent(p -> argv.add("--port=" + p));
        t.user().ifPresent(u -> argv.add("--username=" + u));
        argv.add("--dbname=" + t.database());
        return argv;
    }

    /** {@code --host --port --protocol=TCP --user database}. */
    private static List<String> mariadb(DumpTarget t) {
        List<String> argv = new ArrayList<>();
        argv.add("--host=" + t.host());
        if (t.port().isPresent()) {
            argv.add("--port=" + t.port().getAsInt());
            argv.add("--protocol=TCP");
        }
        t.user().ifPresent(u -> argv.add("--user=" + u));
        argv.add(t.database());
        return argv;
    }

    /** The tool's path on this host, or an error that says what to install. */
    private String tool(String name, String debianPackage, DumpTarget target) throws IOException {
        for (Path d : searchPath) {
            Path candidate = d.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(name + " is not installed on this host (looked in " + searchPath.size()
                + " PATH directories): a snapshot of " + target + " needs the database's own tools; install "
                + debianPackage + " (apt-get install " + debianPackage + ")");
    }

    /**
     * Runs a tool; the target's password, if it has one, goes to the tool's environment only
     * ({@code PGPASSWORD}, {@code MYSQL_PWD}: {@code /proc/PID/environ} is readable by the agent's user
     * and root alone), and its output is masked of it before it becomes an error.
     */
    private static void run(List<String> argv, DumpTarget target, Optional<Path> stdin, Duration timeout, String what)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        target.password().ifPresent(p -> pb.environment().put(
                target.engine() == SnapshotStep.Engine.POSTGRES ? "PGPASSWORD" : "MYSQL_PWD", p));
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
                if (target.password().isPresent() && !target.password().get().isEmpty()) {
                    text = text.replace(target.password().get(), dev.versiond.daemon.secret.Redactor.MASK);
                }
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
