package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.versiond.daemon.reconcile.FakeAgent;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class RunCommandTest {
    private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void theFlagsGivenReachTheLoaderByKeyNameWithRepeatedOnesJoined() {
        CommandLine cl = new CommandLine(new RunCommand((config, listener, pushes) -> {
            throw new AssertionError("not opened");
        }, java.util.Map.of()));
        cl.parseArgs("--repo", "/srv/fleet.git", "--token-file", "/etc/versiond/token", "--no-accept-new-host-keys",
                "--allowed-root", "/opt", "--allowed-root", "/etc/cms", "--label", "env=prod");

        assertThat(RunCommand.flags(cl.getCommandSpec())).containsOnly(entry("repo", "/srv/fleet.git"),
                entry("token-file", "/etc/versiond/token"), entry("accept-new-host-keys", "false"),
                entry("allowed-roots", "/opt,/etc/cms"));
    }

    @Test
    void everyRunOptionIsASettingAndEverySettingHasAnOption() {
        CommandLine cl = new CommandLine(new RunCommand((config, listener, pushes) -> {
            throw new AssertionError("not opened");
        }, java.util.Map.of()));
        List<String> notSettings = List.of("config", "dev", "label", "help", "version");

        assertThat(RunCommand.flags(cl.getCommandSpec())).isEmpty();
        assertThat(cl.getCommandSpec().options().stream().map(OptionSpec::longestName).map(n -> n.substring(2))
                .filter(n -> !notSettings.contains(n)))
                .containsExactlyInAnyOrderElementsOf(dev.versiond.daemon.config.AgentConfigLoader.flagsByKey().values());
    }

    @Test
    void badConfigurationIsRefusedBeforeTheEngineOpens() {
        AtomicInteger opened = new AtomicInteger();

        int code = Main.execute((config, listener, pushes) -> {
            opened.incrementAndGet();
            return new AgentFactory.Running(new FakeAgent(), () -> { });
        }, "run", "--repo", "/srv/fleet.git", "--interval", "5x", "--http", "127.0.0.1:0");

        assertThat(code).isEqualTo(ExitCode.CONFIG.code());
        assertThat(opened).hasValue(0);
    }

    @Test
    void anEngineThatCannotOpenEndsTheCommandWithItsExitCode() {
        int code = Main.execute((config, listener, pushes) -> {
            throw new VersiondException(ErrorCode.LOCKED, "state directory " + config.stateDir() + " is locked by pid 4242");
        }, "run", "--repo", "/srv/fleet.git", "--state", dir.toString(), "--http", "127.0.0.1:0");

        assertThat(code).isEqualTo(ExitCode.LOCKED.code());
    }

    @Test
    void daemonServesNotifiesSystemdAndExitsZeroOnSigterm() throws Exception {
        Path marker = dir.resolve("closed");
        Path token = dir.resolve("token");
        Files.writeString(token, "t0ken\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        try (NotifySocketServer systemd = new NotifySocketServer(dir)) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Dversiond.test.marker=" + marker,
                    FakeDaemonMain.class.getName(), "run",
                    "--repo", "/srv/fleet.git", "--host", "web-01", "--state", dir.resolve("state").toString(),
                    "--http", "127.0.0.1:0", "--interval", "1s", "--grace", "2s", "--token-file", token.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("stderr.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", systemd.path());
            pb.environment().put("WATCHDOG_USEC", "400000");
            pb.environment().remove("WATCHDOG_PID");
            Process daemon = pb.start();
            try {
                List<String> out = new CopyOnWriteArrayList<>();
                Thread reader = new Thread(() -> readLines(daemon, out));
                reader.setDaemon(true);
                reader.start();

                await().atMost(Duration.ofSeconds(30)).until(() -> port(out).isPresent());
                int port = port(out).orElseThrow();
                assertThat(out.get(0)).contains("repo /srv/fleet.git (main)").contains("host web-01")
                        .contains("state " + dir.resolve("state"));

                HttpClient http = HttpClient.newHttpClient();
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("ok");
                HttpResponse<String> sync = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sync"))
                                .header("Authorization", "Bearer t0ken").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(sync.statusCode()).isEqualTo(202);

                await().atMost(Duration.ofSeconds(30)).until(() -> systemd.messages().contains("READY=1")
                        && systemd.messages().contains("WATCHDOG=1")
                        && systemd.messages().stream().filter(m -> m.startsWith("STATUS=idle; last pass no_change")).count() >= 2);
                assertThat(systemd.messages().get(0)).isEqualTo("STATUS=starting: first pass");

                daemon.destroy(); // SIGTERM

                assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(daemon.exitValue()).as(Files.readString(dir.resolve("stderr.log"))).isZero();
                assertThat(marker).hasContent("closed web-01");
                await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().contains("STOPPING=1"));
            } finally {
                daemon.destroyForcibly();
            }
        }
    }

    private static Optional<Integer> port(List<String> lines) {
        return lines.stream().map(SERVING::matcher).filter(Matcher::find).findFirst()
                .map(m -> Integer.parseInt(m.group(1)));
    }

    private static void readLines(Process p, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }
}
