package dev.versiond.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.versiond.daemon.systemd.RepositoryFiles.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** systemd/versiond.service: systemd accepts it, the JVM accepts its flags, and it leaves the host writable. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemdUnitTest {
    private static final String INSTALLED_JAVA = "/usr/bin/java";
    private static final String INSTALLED_JAR = "/usr/lib/versiond/versiond.jar";

    @TempDir
    Path dir;

    private final Path unit = RepositoryFiles.file("systemd/versiond.service");

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutWarnings() throws IOException {
        Path analyze = RepositoryFiles.onPath("systemd-analyze").orElseGet(() -> fail(
                "systemd-analyze is not on the PATH: this test needs it to check systemd/versiond.service "
                        + "(Debian/Ubuntu: apt-get install systemd)"));
        // verify insists that ExecStart's binary exists: point the copy at this machine's java and a jar that exists.
        Path java = RepositoryFiles.onPath("java").orElseGet(() -> fail("java is not on the PATH"));
        Path jar = Files.createFile(dir.resolve("versiond.jar"));
        String text = Files.readString(unit);
        assertThat(text).contains("ExecStart=" + INSTALLED_JAVA + " ").contains(" -jar " + INSTALLED_JAR + " ");
        Path copy = dir.resolve("versiond.service");
        Files.writeString(copy, text.replace("ExecStart=" + INSTALLED_JAVA + " ", "ExecStart=" + java + " ")
                .replace(" -jar " + INSTALLED_JAR + " ", " -jar " + jar + " "));

        Outcome verify = RepositoryFiles.run(List.of(analyze.toString(), "verify", copy.toString()), Map.of(), 45);

        // The host may add noise about its own units; only lines about this unit count.
        List<String> aboutTheUnit = verify.stderr().lines()
                .filter(line -> line.contains("versiond.service"))
                .toList();
        assertThat(aboutTheUnit).as("systemd-analyze verify on the unit").isEmpty();
        assertThat(verify.exitCode()).as("exit code of systemd-analyze verify; stderr:%n%s", verify.stderr()).isZero();
    }

    @Test
    void theJvmAcceptsEveryFlagOfExecStart() {
        List<String> jvmFlags = Arrays.stream(directive("ExecStart").split(" "))
                .skip(1)
                .takeWhile(word -> !word.equals("-jar"))
                .toList();
        assertThat(jvmFlags).contains("-XX:+UseSerialGC", "-Xmx64m");
        List<String> argv = new ArrayList<>();
        argv.add(RepositoryFiles.onPath("java").orElseGet(() -> fail("java is not on the PATH")).toString());
        argv.addAll(jvmFlags);
        argv.add("-version");

        Outcome version = RepositoryFiles.run(argv, Map.of(), 30);

        assertThat(version.exitCode()).as("java %s -version:%n%s", jvmFlags, version.stderr()).isZero();
    }

    @Test
    void theAgentRunsAsRootWithTheHostWritable() {
        List<String> keys = directives().stream().map(line -> line.substring(0, line.indexOf('='))).toList();

        assertThat(keys).doesNotContain("User", "DynamicUser", "ProtectSystem", "ProtectHome", "ReadOnlyPaths",
                "PrivateTmp", "PrivateDevices", "ProtectClock", "RestrictSUIDSGID");
        assertThat(directive("NoNewPrivileges")).isEqualTo("no");
        assertThat(directive("Type")).isEqualTo("notify");
        assertThat(directive("StateDirectory")).isEqualTo("versiond");
        assertThat(directive("StateDirectoryMode")).isEqualTo("0700");
    }

    private List<String> directives() {
        try {
            return Files.readAllLines(unit).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("[") && line.contains("="))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String directive(String key) {
        return directives().stream()
                .filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no " + key + "= in " + unit));
    }
}
