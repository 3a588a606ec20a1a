package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.VersiondCli.Result;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The exit codes a script sees from the real jar: each means one thing whichever command returns it. */
class ExitCodesIT extends OneHost {

    @Test
    void planTellsChangesFromHeldFromNothingToDo() {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.of("1.0.0"));
        fleet.commit("app 1.0.0");
        Result pending = host.plan();
        assertThat(pending.exitCode()).as("changes will be applied: %s", pending).isEqualTo(2);
        assertThat(pending.stderr()).as("no state directory yet").contains("planning against no recorded state");
        assertThat(host.state).doesNotExist();

        host.converge();
        assertThat(host.plan().exitCode()).as("nothing to do").isZero();

        fleet.target("all", """
                components:
                  app: { version: 1.0.0, config: { greeting: "hello again" } }
                windows:
                  - cron: "0 0 0 1 1 ? 2099"
                    duration: 1h
                    timezone: UTC
                """);
        fleet.commit("new greeting, in a window that has not opened yet");
        Result waiting = host.plan();
        assertThat(waiting.exitCode()).as("waiting: %s", waiting).isEqualTo(3);
        Result held = host.apply();
        assertThat(held.exitCode()).as("waiting: %s", held).isEqualTo(3);
    }

    @Test
    void usageErrorsExitSixtyFour() throws Exception {
        Result unknown = host.plan("--no-such-flag");
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(64);
        assertThat(unknown.stderr()).contains("Unknown option");

        Files.writeString(tmp.resolve("file"), "not a directory\n");
        Result badRoot = CLI.run("plan", "--repo", host.repo, "--state", host.state.toString(),
                "--root", tmp.resolve("file/root").toString(), "--host", Host.NAME);
        assertThat(badRoot.exitCode()).as("%s", badRoot).isEqualTo(64);
        assertThat(badRoot.stderr()).contains("cannot create --root").contains("Not a directory");
    }
}
