package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.VersiondCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes starting and ending at once do not trip over each other's copy of SQLite's native
 * library (the driver used to print a 44-line stack trace when one cleaned up what another was
 * unpacking in the shared temporary directory).
 */
class NativeLibraryIT {
    private static final int PROCESSES = 4;

    @TempDir
    Path tmp;

    @Test
    void concurrentProcessesEachUnpackSqliteIntoTheirOwnDirectory() throws Exception {
        Path jvmTmp = Files.createDirectory(tmp.resolve("jvm-tmp"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path killed = Files.createDirectory(jvmTmp.resolve("versiond-sqlite-" + gone.pid() + "-killed"));
        Files.writeString(killed.resolve("sqlite-3.50.3.0-1234-libsqlitejdbc.so"), "left by a killed process\n");
        Files.createDirectories(tmp.resolve("desired"));
        VersiondCli cli = VersiondCli.fromSystemProperty().withEnv(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + jvmTmp));

        List<VersiondCli.Running> running = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            // Without --state's directory, plan opens a scratch store: SQLite is loaded in every process.
            running.add(cli.start("plan", "--repo", tmp.resolve("desired").toString(), "--state",
                    tmp.resolve("state-" + i).toString(), "--root", tmp.resolve("root-" + i).toString(), "--host", "h"));
        }
        for (VersiondCli.Running r : running) {
            VersiondCli.Result result = r.await(Duration.ofSeconds(90));
            List<String> unexpected = result.stderr().lines()
                    .filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS"))
                    .filter(l -> !l.startsWith("versiond: planning against no recorded state"))
                    .toList();
            assertThat(result.exitCode()).as("%s", result).isZero();
            assertThat(unexpected).as("stderr of %s", result).isEmpty();
        }

        try (Stream<Path> left = Files.list(jvmTmp)) {
            assertThat(left).as("private directories are deleted at exit, the killed process's one at the next start")
                    .isEmpty();
        }
    }
}
