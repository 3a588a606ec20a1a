package dev.versiond.daemon.execute;

import static dev.versiond.daemon.execute.Steps.context;
import static dev.versiond.daemon.execute.Steps.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.execute.StepResult.Outcome;
import dev.versiond.spec.model.ServiceAction;
import dev.versiond.spec.model.ServiceStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a systemctl stand-in that records its arguments and keeps unit state in files. */
class ServiceRunnerTest {
    @TempDir
    Path root;
    @TempDir
    Path bin;

    private Path calls;
    private HostStepExecutor executor;

    @BeforeEach
    void writeSystemctlStandIn() throws IOException {
        calls = bin.resolve("calls");
        Path state = Files.createDirectories(bin.resolve("state"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, String.join("\n",
                "#!/bin/sh",
                "echo \"$*\" >> '" + calls + "'",
                "case \"$2\" in broken.*) echo \"Job for $2 failed.\" >&2; exit 1 ;; esac",
                "case \"$1\" in",
                "  start) touch '" + state + "'/\"$2\" ;;",
                "  stop) rm -f '" + state + "'/\"$2\" ;;",
                "  is-active) test -e '" + state + "'/\"$2\" ;;",
                "esac",
                ""));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        FakeTime time = new FakeTime();
        executor = new HostStepExecutor(ExecutorOptions.defaults()
                .withSystemctlCommand(List.of(systemctl.toString()))
                .withTime(time, time));
    }

    @Test
    void startIsReversedByStop() throws IOException {
        ServiceStep step = service("cms.service", ServiceAction.START);

        StepResult applied = executor.apply(step, context(root));
        StepResult reversed = executor.reverse(step, executor.capture(step, context(root)), context(root));

        assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(reversed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readAllLines(calls)).containsExactly("start cms.service", "stop cms.service");
    }

    @Test
    void restartIsReversedByAnotherRestart() throws IOException {
        ServiceStep step = service("cms.service", ServiceAction.RESTART);

        executor.apply(step, context(root));
        executor.reverse(step, Prior.nothing(), context(root));

        assertThat(Files.readAllLines(calls)).containsExactly("restart cms.service", "restart cms.service");
    }

    @Test
    void enableIsReversedByDisable() throws IOException {
        ServiceStep step = service("cms.service", ServiceAction.ENABLE);

        executor.apply(step, context(root));
        executor.reverse(step, Prior.nothing(), context(root));

        assertThat(Files.readAllLines(calls)).containsExactly("enable cms.service", "disable cms.service");
    }

    @Test
    void failingSystemctlIsAFailedResultNamingTheCommand() {
        StepResult result = executor.apply(service("broken.service", ServiceAction.RESTART), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).endsWith("systemctl restart broken.service: exited with status 1");
        assertThat(result.outputTail()).contains("Job for broken.service failed.");
    }

    @Test
    void probeAsksWhetherAStartedUnitIsActive() {
        ServiceStep start = service("cms.service", ServiceAction.START);
        ServiceStep stop = service("cms.service", ServiceAction.STOP);
        assertThat(executor.probe(start, context(root))).contains(false);
        assertThat(executor.probe(stop, context(root))).contains(true);

        executor.apply(start, context(root));

        assertThat(executor.probe(start, context(root))).contains(true);
        assertThat(executor.probe(stop, context(root))).contains(false);
    }

    @Test
    void restartCannotBeProbed() {
        assertThat(executor.probe(service("cms.service", ServiceAction.RESTART), context(root))).isEmpty();
    }
}
