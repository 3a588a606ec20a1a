package dev.versiond.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versiond.daemon.systemd.RepositoryFiles.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/dev/systemctl, the stand-in that {@code versiond run --dev} uses, driving real
 * processes: the example app on a free port, and shell scripts with children of their own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SystemctlStandInTest {
    private static final String APP = "cms-backend.service";
    private static final String SCRIPT = "worker.service";
    private static final String SLEEPER = "sleeper.service";

    @TempDir
    Path root;

    private final Path systemctl = RepositoryFiles.file("examples/dev/systemctl");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> started = new ArrayList<>();
    private int port;

    @BeforeEach
    void describeUnits() throws IOException {
        port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path app = RepositoryFiles.file("examples/app/CmsServer.java");
        Files.writeString(root.resolve("app.properties"), "version=1.2.3\n");
        unit(APP, "EXEC='\"" + java + "\" \"" + app + "\" --port " + port
                + " --config \"$VERSIOND_ROOT/app.properties\"'\nRELOAD_SIGNAL=HUP\n");
        // A unit whose main process has a child: stop must end both.
        Files.writeString(root.resolve("worker.sh"),
                "sleep 300 &\nprintf '%s\\n' \"$!\" > \"$VERSIOND_ROOT/child.pid\"\nwait\n");
        unit(SCRIPT, "EXEC='sh \"$VERSIOND_ROOT/worker.sh\"'\n");
        unit(SLEEPER, "EXEC='sleep 300'\n");
    }

    @AfterEach
    void stopWhatTheTestStarted() {
        started.forEach(unit -> systemctl("stop", unit));
    }

    @Test
    void startRunsTheAppUntilStopEndsItAndFreesItsPort() throws IOException {
        assertThat(systemctl("start", APP).exitCode()).isZero();

        assertThat(systemctl("is-active", APP)).extracting(Outcome::exitCode, Outcome::stdout).containsExactly(0, "active\n");
        awaitStatus("/healthz", 200);
        assertThat(get("/").body()).isEqualTo("cms-backend 1.2.3\n");

        assertThat(systemctl("stop", APP).exitCode()).isZero();

        assertThat(systemctl("is-active", APP)).extracting(Outcome::exitCode, Outcome::stdout).containsExactly(3, "inactive\n");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void reloadMakesTheRunningAppRereadItsConfig() throws IOException {
        systemctl("start", APP);
        awaitStatus("/healthz", 200);
        Files.writeString(root.resolve("app.properties"), "version=1.2.3\nhealthy=false\n");

        assertThat(systemctl("reload", APP).exitCode()).isZero();

        awaitStatus("/healthz", 500);
    }

    @Test
    void restartReplacesTheRunningProcess() throws IOException {
        systemctl("start", APP);
        awaitStatus("/healthz", 200);
        String before = Files.readString(pidFile(APP));
        Files.writeString(root.resolve("app.properties"), "version=1.3.0\n");

        assertThat(systemctl("restart", APP).exitCode()).isZero();

        assertThat(Files.readString(pidFile(APP))).isNotEqualTo(before);
        assertThat(live(Long.parseLong(before.trim()))).isFalse();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> bodyOrEmpty("/").equals("cms-backend 1.3.0\n"));
    }

    @Test
    void stopEndsEveryProcessTheUnitStarted() throws IOException {
        systemctl("start", SCRIPT);
        Path childPidFile = root.resolve("child.pid");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(childPidFile) && !Files.readString(childPidFile).isBlank());
        long child = Long.parseLong(Files.readString(childPidFile).trim());
        assertThat(live(child)).isTrue();

        assertThat(systemctl("stop", SCRIPT).exitCode()).isZero();

        await().atMost(Duration.ofSeconds(5)).until(() -> !live(child));
        assertThat(Files.exists(pidFile(SCRIPT))).isFalse();
    }

    @Test
    void aUnitWhoseProcessDiedIsInactiveAndStartsAgain() throws IOException {
        systemctl("start", SLEEPER);
        long main = Long.parseLong(Files.readString(pidFile(SLEEPER)).trim());
        ProcessHandle.of(main).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(5)).until(() -> !live(main));

        assertThat(systemctl("is-active", SLEEPER).exitCode()).isEqualTo(3);
        assertThat(systemctl("start", SLEEPER).exitCode()).isZero();
        assertThat(systemctl("is-active", SLEEPER).exitCode()).isZero();
    }

    @Test
    void reloadFailsLikeSystemctlWhenTheUnitIsStoppedOrCannotReload() {
        assertThat(systemctl("reload", APP)).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.stderr()).contains("not active");
        });
        systemctl("start", SCRIPT);
        assertThat(systemctl("reload", SCRIPT)).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(1);
            assertThat(o.stderr()).contains("reload is not applicable");
        });
    }

    @Test
    void unknownUnitsAreNotFoundExceptForEnableAndDisable() {
        assertThat(systemctl("start", "nope.service").exitCode()).isEqualTo(5);
        assertThat(systemctl("restart", "nope.service")).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(5);
            assertThat(o.stderr()).contains("Unit nope.service not found");
        });
        assertThat(systemctl("enable", "nope.service").exitCode()).isZero();
        assertThat(systemctl("disable", "nope.service").exitCode()).isZero();
        assertThat(systemctl("is-active", "nope.service").exitCode()).isEqualTo(3);
        assertThat(systemctl("status", "nope.service").exitCode()).isEqualTo(4);
    }

    @Test
    void enableIsRememberedAndEveryCallIsLogged() throws IOException {
        assertThat(systemctl("--no-ask-password", "enable", SCRIPT).exitCode()).isZero();
        assertThat(systemctl("is-enabled", SCRIPT)).extracting(Outcome::exitCode, Outcome::stdout).containsExactly(0, "enabled\n");
        systemctl("disable", "worker");                // the .service suffix is implied, as with systemctl
        assertThat(systemctl("is-enabled", SCRIPT).exitCode()).isEqualTo(1);

        assertThat(Files.readAllLines(root.resolve("calls.log"))).containsExactly(
                "--no-ask-password enable worker.service",
                "is-enabled worker.service",
                "disable worker",
                "is-enabled worker.service");
    }

    private Outcome systemctl(String... args) {
        List<String> argv = new ArrayList<>(List.of(systemctl.toString()));
        argv.addAll(List.of(args));
        if (List.of(args).contains("start") || List.of(args).contains("restart")) {
            started.add(args[args.length - 1]);
        }
        return RepositoryFiles.run(argv,
                Map.of("VERSIOND_ROOT", root.toString(), "VERSIOND_SYSTEMCTL_LOG", root.resolve("calls.log").toString()), 30);
    }

    private void unit(String name, String description) throws IOException {
        Path file = root.resolve("etc/versiond-dev/units/" + name + ".env");
        Files.createDirectories(file.getParent());
        Files.writeString(file, description);
    }

    private Path pidFile(String unit) {
        return root.resolve("run/versiond-dev/" + unit + ".pid");
    }

    private void awaitStatus(String path, int status) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> statusOrMinusOne(path) == status);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(path + " on port " + port + " did not answer " + status + " (last: "
                    + statusOrMinusOne(path) + "); the app's log:\n" + appLog(), e);
        }
    }

    private String appLog() {
        try {
            Path log = root.resolve("var/log/versiond-dev/" + APP + ".log");
            return Files.exists(log) ? Files.readString(log) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int statusOrMinusOne(String path) {
        try {
            return get(path).statusCode();
        } catch (java.io.UncheckedIOException e) {
            return -1;                                  // not listening yet
        }
    }

    private String bodyOrEmpty(String path) {
        try {
            return get(path).body();
        } catch (java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** Whether a process runs; a zombie that nobody reaped (possible in containers) does not. */
    private static boolean live(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    /**
     * A free port below Linux's ephemeral range (32768-60999): the app binds it a second or two
     * later, and a port from that range can be taken meanwhile by any connect() or bind(0) on the
     * machine (the rest of the suite, the database servers' clients), which made this test see
     * another process's port.
     */
    private static int freePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 200; i++) {
            int candidate = 20_000 + random.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port found between 20000 and 32000");
    }
}
