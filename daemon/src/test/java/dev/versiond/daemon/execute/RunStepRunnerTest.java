package dev.versiond.daemon.execute;

import static dev.versiond.daemon.execute.Steps.common;
import static dev.versiond.daemon.execute.Steps.context;
import static dev.versiond.daemon.execute.Steps.run;
import static dev.versiond.daemon.execute.Steps.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.execute.StepResult.Outcome;
import dev.versiond.spec.model.Command;
import dev.versiond.spec.model.RunStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStepRunnerTest {
    @TempDir
    Path root;

    private final FakeTime time = new FakeTime();
    private final HostStepExecutor executor = Steps.executor(time);

    @Test
    void commandExitingZeroIsAppliedWithItsOutput() {
        StepResult result = executor.apply(run("sh", "-c", "echo out; echo err >&2"), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.outputTail()).contains("out\n").contains("err\n");
    }

    @Test
    void nonZeroExitFailsWithTheStatusAndKeepsTheOutput() {
        StepResult result = executor.apply(run("sh", "-c", "echo oops; exit 3"), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("exited with status 3");
        assertThat(result.outputTail()).isEqualTo("oops\n");
    }

    @Test
    void processGetsInheritedContextAndCommandEnvironment() {
        Command command = new Command(List.of("sh", "-c", "printf '%s|%s|%s|%s' \"$VERSIOND_ROOT\" \"$CMS_ENV\" \"$SHARED\" \"$PATH\""),
                false, Map.of("CMS_ENV", "prod", "SHARED", "from-command"), Optional.empty());
        StepContext context = context(root, Map.of("VERSIOND_ROOT", root.toString(), "SHARED", "from-context"));

        StepResult result = executor.apply(run(common("env"), command), context);

        assertThat(result.outputTail())
                .isEqualTo(root + "|prod|from-command|" + System.getenv("PATH"));
    }

    @Test
    void workingDirectoryIsAHostPathUnderTheRoot() throws IOException {
        Files.createDirectories(root.resolve("opt/app"));
        Command pwd = new Command(List.of("pwd", "-P"), false, Map.of(), Optional.of("/opt/app"));

        StepResult result = executor.apply(run(common("pwd"), pwd), context(root));

        assertThat(result.outputTail().strip()).isEqualTo(root.resolve("opt/app").toRealPath().toString());
    }

    @Test
    void missingWorkingDirectoryFailsWithoutStartingAnything() {
        Command pwd = new Command(List.of("pwd"), false, Map.of(), Optional.of("/opt/nowhere"));

        StepResult result = executor.apply(run(common("pwd"), pwd), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("working directory /opt/nowhere does not exist");
    }

    @Test
    void createsGuardSkipsWhenItsPathExistsUnderTheRoot() throws IOException {
        Path marker = root.resolve("ran");
        RunStep step = guarded(Optional.of("/opt/releases/1.2.0"), Optional.empty(), "touch " + marker);
        Files.createDirectories(root.resolve("opt/releases/1.2.0"));

        StepResult result = executor.apply(step, context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(result.outputTail()).isEqualTo("creates: /opt/releases/1.2.0 exists");
        assertThat(marker).doesNotExist();
        assertThat(executor.probe(step, context(root))).contains(true);
    }

    @Test
    void createsGuardRunsTheCommandWhileItsPathIsMissing() {
        Path marker = root.resolve("ran");
        RunStep step = guarded(Optional.of("/opt/releases/1.2.0"), Optional.empty(), "touch " + marker);

        assertThat(executor.probe(step, context(root))).contains(false);
        StepResult result = executor.apply(step, context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(marker).exists();
    }

    @Test
    void unlessGuardSkipsWhenItsCommandExitsZeroAndRunsOtherwise() {
        Path marker = root.resolve("ran");
        RunStep satisfied = guarded(Optional.empty(), Optional.of(Command.of("true")), "touch " + marker);
        RunStep unsatisfied = guarded(Optional.empty(), Optional.of(Command.of("false")), "touch " + marker);

        StepResult skipped = executor.apply(satisfied, context(root));
        assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(skipped.outputTail()).isEqualTo("unless: `true` exited 0");
        assertThat(marker).doesNotExist();

        assertThat(executor.apply(unsatisfied, context(root)).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(marker).exists();
    }

    @Test
    void failingAttemptsAreRetriedWithDoublingBackoff() throws IOException {
        Path counter = root.resolve("attempts");
        RunStep step = run(common("flaky", Duration.ofSeconds(10), 3), sh("echo x >> " + counter + "; exit 1"));

        StepResult result = executor.apply(step, context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(Files.readAllLines(counter)).hasSize(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(result.duration()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void backoffNeverExceedsTheConfiguredMaximum() {
        HostStepExecutor capped = new HostStepExecutor(new ExecutorOptions(List.of("systemctl"), time, time,
                1024, Duration.ofSeconds(3)));
        RunStep step = run(common("flaky", Duration.ofSeconds(10), 4), Command.of("false"));

        capped.apply(step, context(root));

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void retryStopsAtTheFirstSuccess() {
        Path counter = root.resolve("attempts");
        RunStep step = run(common("flaky", Duration.ofSeconds(10), 5),
                sh("echo x >> " + counter + "; test $(wc -l < " + counter + ") -ge 3"));

        StepResult result = executor.apply(step, context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        Path pidFile = root.resolve("grandchild.pid");
        RunStep step = run(common("hang", Duration.ofSeconds(1), 0),
                sh("sleep 60 & echo $! > " + pidFile + "; sleep 60"));
        HostStepExecutor real = new HostStepExecutor(ExecutorOptions.defaults());

        long started = System.nanoTime();
        StepResult result = real.apply(step, context(root));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("timed out after 1s");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(running(grandchild)).as("grandchild %d still running", grandchild).isFalse();
    }

    @Test
    void outputKeepsOnlyTheLastBytesOfAHugeOutput() {
        // 10 MiB of 'a', then a last line: only the end survives, in a buffer of fixed size.
        RunStep step = run(common("loud"), sh("head -c 10485760 /dev/zero | tr '\\0' a; echo; echo END"));

        StepResult result = executor.apply(step, context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        byte[] tail = result.outputTail().getBytes(StandardCharsets.UTF_8);
        assertThat(tail).hasSize(ExecutorOptions.OUTPUT_TAIL_BYTES);
        assertThat(result.outputTail()).endsWith("a\nEND\n").startsWith("aaaa");
    }

    @Test
    void missingProgramIsAFailedResultWithAClearMessage() {
        StepResult result = executor.apply(run("/nonexistent/migrate", "up"), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("cannot start /nonexistent/migrate: No such file or directory");
    }

    @Test
    void argvIsPassedVerbatimWithoutAShell() {
        StepResult result = executor.apply(run("echo", "$HOME", "*", "a;b"), context(root));

        assertThat(result.outputTail()).isEqualTo("$HOME * a;b\n");
    }

    @Test
    void shellRunsOnlyWhenTheCommandAsksForIt() {
        StepResult result = executor.apply(run(common("sh"), sh("echo $((40 + 2))")), context(root));

        assertThat(result.outputTail()).isEqualTo("42\n");
    }

    @Test
    void reverseRunsTheDownCommand() {
        Path marker = root.resolve("undone");
        RunStep step = new RunStep(common("up"), Command.of("true"), Optional.empty(), Optional.empty(),
                Optional.of(Command.of("touch", marker.toString())), false);

        StepResult result = executor.reverse(step, Prior.nothing(), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(marker).exists();
    }

    @Test
    void reverseWithoutDownCommandFailsAsHavingNoInverse() {
        StepResult result = executor.reverse(run("true"), Prior.nothing(), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("no inverse");
    }

    @Test
    void unguardedRunStepCannotBeProbed() {
        assertThat(executor.probe(run("true"), context(root))).isEmpty();
        assertThat(executor.capture(run("true"), context(root))).isEqualTo(Prior.nothing());
    }

    private static RunStep guarded(Optional<String> creates, Optional<Command> unless, String script) {
        return new RunStep(common("guarded"), sh(script), creates, unless, Optional.empty(), false);
    }

    /** Whether a process is alive: a zombie (killed, not yet reaped by init) counts as gone. */
    static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(stat);
        } catch (IOException e) {
            return false; // vanished between the two calls
        }
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
