package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each code of {@link ExitCode}, produced by a real command line against a real repository and state directory. */
class ExitCodesTest {
    private static final String VERSION_FILE = """
            up:
              - id: version-file
                file: { path: /opt/app/VERSION, content: "%s\\n", mode: "0644" }
            """;

    @TempDir
    Path tmp;

    private GitFixture git;
    private Fleet fleet;

    @BeforeEach
    void repositoryWithOneComponent() {
        git = GitFixture.init(tmp.resolve("repo"));
        fleet = Fleet.in(git).component("app").migration("app", "1.0.0", VERSION_FILE.formatted("1.0.0"));
        fleet.pin("all", "app", "1.0.0");
        fleet.commit("app 1.0.0");
    }

    @AfterEach
    void closeRepository() {
        git.close();
    }

    private CliRun engine(String command, String... extra) {
        List<String> args = new ArrayList<>(command.equals("apply") ? List.of("apply", "--once") : List.of(command));
        args.addAll(List.of("--repo", git.url(), "--state", tmp.resolve("state").toString(),
                "--root", tmp.resolve("root").toString(), "--host", "web-1"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void planWithPendingChangesExitsTwo() {
        CliRun plan = engine("plan");

        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(2);
        assertThat(plan.stdout()).contains("version-file");
    }

    @Test
    void planWithNothingToDoExitsZero() {
        assertThat(engine("apply").exitCode()).isZero();

        CliRun plan = engine("plan");

        assertThat(plan.exitCode()).as("%s", plan).isZero();
    }

    @Test
    void planWithAComponentBlockedByAChecksumMismatchExitsThree() {
        assertThat(engine("apply").exitCode()).isZero();
        fleet.migration("app", "1.0.0", VERSION_FILE.formatted("1.0.0 edited"));
        fleet.commit("edit the applied 1.0.0");

        CliRun plan = engine("plan");

        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(3);
        assertThat(plan.stdout()).contains("checksum mismatch");
    }

    @Test
    void blockedWinsOverChangesOfOtherComponents() {
        assertThat(engine("apply").exitCode()).isZero();
        fleet.migration("app", "1.0.0", VERSION_FILE.formatted("1.0.0 edited"));
        fleet.component("web").migration("web", "2.0.0", """
                up:
                  - id: web-file
                    file: { path: /opt/web/VERSION, content: "2.0.0\\n" }
                """);
        fleet.pin("all", java.util.Map.of("app", "1.0.0", "web", "2.0.0"), java.util.Map.of());
        fleet.commit("edit the applied app 1.0.0, add web 2.0.0");

        CliRun plan = engine("plan");

        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(3);
        assertThat(plan.stdout()).contains("web-file");
    }

    @Test
    void planAndApplyOutsideTheMaintenanceWindowExitThree() {
        fleet.target("all", """
                components:
                  app: { version: 1.0.0 }
                windows:
                  - cron: "0 0 0 1 1 ? 2099"
                    duration: 1h
                    timezone: UTC
                """);
        fleet.commit("only in a window that has not opened yet");

        CliRun plan = engine("plan");
        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(3);

        CliRun apply = engine("apply");
        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(3);
        assertThat(tmp.resolve("root/opt/app/VERSION")).doesNotExist();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun plan = engine("plan", "--no-such-flag");

        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(64);
        assertThat(plan.stderr()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        assertThat(CliRun.of("plan").exitCode()).isEqualTo(64);
        assertThat(CliRun.of("history", "--limit", "many").exitCode()).isEqualTo(64);
    }

    @Test
    void aRootThatCannotBeCreatedIsAUsageErrorThatSaysWhy() throws IOException {
        Files.writeString(tmp.resolve("file"), "a regular file\n");

        CliRun plan = CliRun.of("plan", "--repo", git.url(), "--state", tmp.resolve("state").toString(),
                "--root", tmp.resolve("file/root").toString(), "--host", "web-1");

        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(64);
        assertThat(plan.stderr()).contains("cannot create --root").contains("Not a directory");
    }

    @Test
    void aStateDirectoryInUseExitsSeventyFive() {
        try (SqliteStateStore held = SqliteStateStore.open(tmp.resolve("state"), Clock.systemUTC())) {
            CliRun plan = engine("plan");

            assertThat(plan.exitCode()).as("%s", plan).isEqualTo(75);
            assertThat(plan.stderr()).contains("is in use by");
        }
    }

    @Test
    void aRefusedAgentConfigurationExitsSeventyEight() throws IOException {
        Path config = tmp.resolve("agent.yaml");
        Files.writeString(config, "repo: " + git.url() + "\ninterval: soon\n");

        CliRun run = CliRun.of("run", "--config", config.toString(), "--http", "127.0.0.1:0");

        assertThat(run.exitCode()).as("%s", run).isEqualTo(78);
        assertThat(run.stderr()).contains("interval");
    }

    @Test
    void everyCommandsHelpListsTheSameExitCodes() {
        for (String command : List.of("validate", "plan", "apply", "run", "status", "history", "baseline", "repair",
                "retry")) {
            CliRun help = CliRun.of(command, "--help");

            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.stdout()).as(command).contains("Exit codes:")
                    .containsPattern("\\s0\\s+success").containsPattern("\\s2\\s+changes will be applied")
                    .containsPattern("\\s3\\s+a component cannot move now").containsPattern("\\s64\\s+usage error")
                    .containsPattern("\\s75\\s+another versiond").containsPattern("\\s78\\s+the agent configuration");
        }
    }
}
