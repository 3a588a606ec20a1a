package dev.versiond.daemon.execute;

import dev.versiond.spec.model.Command;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a process without a shell (unless the command asks for one), merges its stdout and stderr
 * into a bounded tail, and kills its whole process tree when it outlives its timeout.
 */
final class ProcessRunner {
    /** How long to wait for the output to drain after the process ended (a background child may hold the pipe). */
    private static final long DRAIN_MILLIS = 2_000;

    private final int tailBytes;

    ProcessRunner(int tailBytes) {
        this.tailBytes = tailBytes;
    }

    /** Runs a step's command: env = inherited + context + command, cwd under the host root. */
    ProcessRun run(Command command, StepContext context, Duration timeout) {
        Optional<Path> cwd = Optional.empty();
        if (command.cwd().isPresent()) {
            Path dir = context.root().resolve(command.cwd().get());
            if (!Files.isDirectory(dir)) {
                return ProcessRun.notStarted("working directory " + command.cwd().get() + " does not exist");
            }
            cwd = Optional.of(dir);
        }
        return run(command.processArgv(), List.of(context.env(), command.env()), cwd, timeout);
    }

    ProcessRun run(List<String> argv, List<Map<String, String>> envLayers, Optional<Path> cwd, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        envLayers.forEach(builder.environment()::putAll);
        cwd.ifPresent(dir -> builder.directory(dir.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return ProcessRun.notStarted("cannot start " + argv.get(0) + ": " + reason(e));
        }
        OutputTail tail = new OutputTail(tailBytes);
        Thread drain = new Thread(() -> drain(process.getInputStream(), tail), "versiond-output-" + process.pid());
        drain.setDaemon(true);
        drain.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                awaitEnd(process, drain);
                return new ProcessRun(ProcessRun.Ending.TIMED_OUT, -1, tail.toString(),
                        "timed out after " + HumanDuration.format(timeout));
            }
            drain.join(DRAIN_MILLIS);
            return ProcessRun.exited(process.exitValue(), tail.toString());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return new ProcessRun(ProcessRun.Ending.INTERRUPTED, -1, tail.toString(), "interrupted");
        }
    }

    /**
     * Kills the process and everything it started. The tree is listed before the process dies,
     * because its children are re-parented (and no longer its descendants) once it is gone.
     */
    static void killTree(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        // Anything forked while the first list was being killed.
        tree.forEach(handle -> handle.descendants().forEach(ProcessHandle::destroyForcibly));
    }

    private static void awaitEnd(Process process, Thread drain) throws InterruptedException {
        process.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        drain.join(DRAIN_MILLIS);
    }

    private static void drain(InputStream in, OutputTail tail) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                tail.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The pipe closed under us (the process was killed): what was read is kept.
        }
    }

    private static String reason(IOException e) {
        // "Cannot run program "x": error=2, No such file or directory" -> "No such file or directory"
        String message = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            message = cause.getMessage();
        }
        return message.replaceFirst("^error=\\d+, ", "");
    }
}
