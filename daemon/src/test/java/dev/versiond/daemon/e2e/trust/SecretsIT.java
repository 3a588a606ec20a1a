package dev.versiond.daemon.e2e.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.VersiondCli;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database password held in a file under the secrets directory: rendered into the host's config
 * files, and found nowhere else — not in the daemon's logs, {@code state.db} (and its WAL), any HTTP
 * response, {@code plan} or {@code history} output — through rotation, a rollback and a downgrade.
 */
class SecretsIT {
    private static final String SECRET = "Pw-7f3kq9-SECRET-alpha";
    private static final String ROTATED = "Pw-91xzq4-SECRET-beta";
    private static final String MASK = "******";

    @TempDir
    Path work;

    private GitFixture repo;
    private Path state;
    private Path root;
    private Path secrets;
    private final VersiondCli cli = VersiondCli.fromSystemProperty();
    /** Everything every command printed, to grep for the secret at the end. */
    private final StringBuilder transcript = new StringBuilder();

    @BeforeEach
    void setUp() throws IOException {
        state = work.resolve("state");
        root = work.resolve("root");
        secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("db-password"), SECRET + "\n");
        repo = GitFixture.init(work.resolve("repo"))
                .write("components/app/component.yaml", """
                        kind: Component
                        name: app
                        config:
                          files:
                            - id: db
                              file: { path: /etc/app/db.conf, template: templates/db.conf, mode: "0600" }
                          onChange:
                            - id: show-db
                              run:
                                shell: true
                                command: 'cat "$VERSIOND_ROOT/etc/app/db.conf"'
                                idempotent: true
                                down: ["true"]
                        """)
                .write("components/app/templates/db.conf", "user=app\npassword={{config.db.password}}\n")
                .write("components/app/templates/app.conf", "db_password={{config.db.password}}\nversion={{version}}\n")
                .write("components/app/templates/app-1.1.conf", "# 1.1.0\ndb_password={{config.db.password}}\n")
                .write("components/app/migrations/1.0.0.yaml", """
                        kind: Migration
                        version: 1.0.0
                        up:
                          - id: app-conf
                            file: { path: /etc/app/app.conf, template: templates/app.conf }
                          - id: show
                            run:
                              shell: true
                              command: 'cat "$VERSIOND_ROOT/etc/app/app.conf"'
                              idempotent: true
                              down: ["true"]
                        """)
                .write("targets/prod.yaml", target("1.0.0"));
        repo.commit("app 1.0.0 with a database password from a secret file");
    }

    private static String target(String version) {
        return """
                kind: Target
                name: prod
                components:
                  app:
                    version: %s
                    config:
                      db: { host: db.internal, password: { secretFile: db-password } }
                """.formatted(version);
    }

    private String[] engine(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--repo", repo.url(), "--state", state.toString(),
                "--root", root.toString(), "--host", "web-1", "--secrets-dir", secrets.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private VersiondCli.Result run(String... args) {
        return recorded(cli.run(args));
    }

    private VersiondCli.Result recorded(VersiondCli.Result r) {
        transcript.append(r.stdout()).append(r.stderr());
        return r;
    }

    private VersiondCli.Result history() {
        VersiondCli.Result h = run("history", "--state", state.toString(), "--format", "json", "--limit", "50");
        assertThat(h.exitCode()).as(h.output()).isZero();
        return h;
    }

    @Test
    void theSecretIsRenderedIntoFilesAndAppearsNowhereElseThroughRotationRollbackAndDowngrade() throws IOException {
        VersiondCli.Result preview = run(engine("plan"));
        assertThat(preview.exitCode()).as(preview.output()).isEqualTo(2);
        assertThat(preview.stdout()).contains("password=" + MASK).doesNotContain(SECRET);

        VersiondCli.Result applied = run(engine("apply", "--once"));
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(root.resolve("etc/app/app.conf")).hasContent("db_password=" + SECRET + "\nversion=1.0.0\n");
        assertThat(root.resolve("etc/app/db.conf")).hasContent("user=app\npassword=" + SECRET + "\n");
        // The run steps printed the files; their output tails are journaled masked.
        assertThat(history().stdout()).contains("db_password=" + MASK, "password=" + MASK).doesNotContain(SECRET);

        // Rotation: the config file converges to the new value.
        Files.writeString(secrets.resolve("db-password"), ROTATED + "\n");
        VersiondCli.Result rotated = run(engine("apply", "--once"));
        assertThat(rotated.exitCode()).as(rotated.output()).isZero();
        assertThat(root.resolve("etc/app/db.conf")).hasContent("user=app\npassword=" + ROTATED + "\n");
        assertThat(history().stdout()).contains("password=" + MASK).doesNotContain(SECRET, ROTATED);

        // 1.1.0 rewrites app.conf, then its verify fails: the previous rendering comes back.
        String before = Files.readString(root.resolve("etc/app/app.conf"));
        repo.write("components/app/migrations/1.1.0.yaml", migration110("false"))
                .write("targets/prod.yaml", target("1.1.0"));
        repo.commit("app 1.1.0 with a failing verify");
        VersiondCli.Result failed = run(engine("apply", "--once"));
        assertThat(failed.exitCode()).as(failed.output()).isNotZero();
        assertThat(root.resolve("etc/app/app.conf")).hasContent(before);
        assertThat(history().stdout()).contains("rolled_back");

        // A fixed 1.1.0, then a downgrade: the prior of 1.1.0's app.conf was recorded without its
        // content, so the downgrade re-renders 1.0.0's app.conf with the current secret.
        repo.write("components/app/migrations/1.1.0.yaml", migration110("true"));
        repo.commit("app 1.1.0: verify fixed");
        VersiondCli.Result upgraded = run(engine("apply", "--once"));
        assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();
        assertThat(root.resolve("etc/app/app.conf")).hasContent("# 1.1.0\ndb_password=" + ROTATED + "\n");
        repo.write("targets/prod.yaml", target("1.0.0"));
        repo.commit("back to app 1.0.0");
        VersiondCli.Result downgraded = run(engine("apply", "--once"));
        assertThat(downgraded.exitCode()).as(downgraded.output()).isZero();
        assertThat(root.resolve("etc/app/app.conf")).hasContent("db_password=" + ROTATED + "\nversion=1.0.0\n");

        assertThat(history().stdout()).doesNotContain(SECRET, ROTATED);
        assertThat(transcript.toString()).doesNotContain(SECRET, ROTATED);
        assertNotInStateFiles(SECRET, ROTATED);
    }

    private static String migration110(String verify) {
        return """
                kind: Migration
                version: 1.1.0
                up:
                  - id: app-conf
                    file: { path: /etc/app/app.conf, template: templates/app-1.1.conf }
                verify:
                  - id: healthy
                    check: { command: ["%s"], interval: 100ms, deadline: 1s }
                """.formatted(verify);
    }

    @Test
    void theDaemonServesAndLogsNoSecretAndMasksItInPlanDiffs() throws Exception {
        Path token = Files.writeString(work.resolve("token"), "t0ken-for-tests");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        VersiondCli.Running daemon = cli.start(engine("run", "--http", "127.0.0.1:" + port, "--interval", "1h",
                "--token-file", token.toString(), "--jitter", "0"));
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> get(http, base + "/status"), s -> s.contains("Synced"));
            assertThat(root.resolve("etc/app/db.conf")).hasContent("user=app\npassword=" + SECRET + "\n");

            // Rotate while suspended: the pass plans but does not apply, so /plan shows the diff.
            Files.writeString(secrets.resolve("db-password"), ROTATED + "\n");
            post(http, base + "/suspend");
            post(http, base + "/sync");
            // Before the rotation the file holds a value no redactor knows any more: still not shown.
            String plan = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
                    .until(() -> get(http, base + "/plan"), p -> p.contains("\"converge\""));
            assertThat(plan).contains("only secret values change in /etc/app/db.conf");

            List<String> responses = new ArrayList<>(List.of(plan));
            for (String path : List.of("/status", "/plan", "/history", "/metrics", "/healthz")) {
                responses.add(get(http, base + path));
            }
            assertThat(String.join("\n", responses)).doesNotContain(SECRET, ROTATED);
        } finally {
            // SIGKILL: the write-ahead log is left as it is, and is checked too.
            recorded(daemon.kill());
        }
        assertThat(transcript.toString()).contains("serving").doesNotContain(SECRET, ROTATED);
        assertNotInStateFiles(SECRET, ROTATED);
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void post(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer t0ken-for-tests").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isBetween(200, 299);
    }

    /** Every file under the state directory except the Git mirror: state.db, its WAL and journal. */
    private void assertNotInStateFiles(String... values) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(state)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".git")
                    && !p.toString().contains("mirror")).toList();
        }
        assertThat(files).anySatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("state.db"));
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String v : values) {
                assertThat(bytes).as(f + " must not hold a secret").doesNotContain(v);
            }
        }
    }
}
