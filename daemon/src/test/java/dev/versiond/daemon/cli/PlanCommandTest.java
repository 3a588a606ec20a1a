package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
    @TempDir
    Path tmp;

    private GitFixture git;

    @BeforeEach
    void repositoryWithOneComponent() {
        git = GitFixture.init(tmp.resolve("repo"));
        Fleet.in(git).component("app").migration("app", "1.0.0", """
                up:
                  - id: version-file
                    file: { path: /opt/app/VERSION, content: "1.0.0\\n" }
                """).pin("all", "app", "1.0.0").commit("app 1.0.0");
    }

    @AfterEach
    void closeRepository() {
        git.close();
    }

    private CliRun run(String command, Path state) {
        List<String> args = new java.util.ArrayList<>(command.equals("apply") ? List.of("apply", "--once") : List.of(command));
        args.addAll(List.of("--repo", git.url(), "--state", state.toString(), "--root", tmp.resolve("root").toString(),
                "--host", "web-1"));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aPreviewWithoutAStateDirectoryPlansAgainstNothingRecordedAndCreatesNone() throws IOException {
        Path state = tmp.resolve("var/lib/versiond");
        List<Path> scratchBefore = scratchDirectories();

        CliRun plan = run("plan", state);

        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(2);
        assertThat(plan.stderr()).contains("planning against no recorded state: " + state + " does not exist");
        assertThat(plan.stdout()).contains("(none)").contains("version-file");
        assertThat(tmp.resolve("var")).as("no state directory, lock, mirror or database").doesNotExist();
        assertThat(scratchDirectories()).as("the scratch state is deleted").isEqualTo(scratchBefore);
    }

    @Test
    void anExistingStateDirectoryIsReadAsRecorded() {
        Path state = tmp.resolve("state");
        assertThat(run("apply", state).exitCode()).isZero();

        CliRun plan = run("plan", state);

        assertThat(plan.exitCode()).as("%s", plan).isZero();
        assertThat(plan.stderr()).doesNotContain("no recorded state");
    }

    private static List<Path> scratchDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("versiond-plan-")).sorted().toList();
        }
    }
}
