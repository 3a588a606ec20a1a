package dev.versiond.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.systemd.RepositoryFiles.Outcome;
import dev.versiond.daemon.testing.VersiondCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemd/make-cds-archive.sh records an archive that the unit's JVM flags really map. */
class ClassDataSharingArchiveIT {
    private static final String INSTALLED_ARCHIVE = "/usr/lib/versiond/versiond.jsa";

    @TempDir
    Path dir;

    @Test
    void theInstallScriptRecordsAnArchiveThatTheUnitsJvmMaps() throws IOException {
        Path jar = Files.copy(VersiondCli.fromSystemProperty().jar(), dir.resolve("versiond.jar"));
        Path archive = dir.resolve("versiond.jsa");

        Outcome made = RepositoryFiles.run(List.of(RepositoryFiles.file("systemd/make-cds-archive.sh").toString(),
                jar.toString(), archive.toString()), Map.of(), 180);

        assertThat(made.exitCode()).as("make-cds-archive.sh%n%s%s", made.stdout(), made.stderr()).isZero();
        assertThat(made.stdout()).contains("wrote " + archive);
        List<String> argv = new ArrayList<>();
        argv.add(RepositoryFiles.onPath("java").orElseThrow().toString());
        for (String flag : unitJvmFlags()) {
            argv.add(flag.replace(INSTALLED_ARCHIVE, archive.toString()));
        }
        // -Xshare:on (after the unit's -Xshare:auto) makes an archive that cannot be mapped an error.
        argv.addAll(List.of("-Xshare:on", "-Xlog:class+load=info", "-jar", jar.toString(), "--version"));

        Outcome version = RepositoryFiles.run(argv, Map.of(), 60);

        assertThat(version.exitCode()).as("%s%n%s", argv, version.stderr()).isZero();
        assertThat(version.stdout()).contains("dev.versiond.daemon.cli.Main source: shared objects file (top)")
                .contains("versiond ");
    }

    private static List<String> unitJvmFlags() throws IOException {
        String execStart = Files.readAllLines(RepositoryFiles.file("systemd/versiond.service")).stream()
                .filter(line -> line.startsWith("ExecStart="))
                .findFirst().orElseThrow();
        List<String> flags = Arrays.stream(execStart.split(" ")).skip(1).takeWhile(w -> !w.equals("-jar")).toList();
        assertThat(flags).contains("-XX:SharedArchiveFile=" + INSTALLED_ARCHIVE);
        return flags;
    }
}
