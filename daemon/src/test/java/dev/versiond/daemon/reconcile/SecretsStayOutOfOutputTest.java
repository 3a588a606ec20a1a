package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.versiond.daemon.api.ApiServer;
import dev.versiond.daemon.config.HttpAddress;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.source.SignaturePolicy;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.TokenGitServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An HTTPS token goes to the remote and nowhere else: not into logs (at any level), errors, the
 * state directory, or the HTTP API, whether authentication succeeds or fails.
 */
class SecretsStayOutOfOutputTest {
    private static final String TOKEN = "glpat-Zx9Secret7TokenQq42";

    @TempDir
    Path dir;

    @Test
    void theTokenNeverAppearsInLogsStateOrHttpOutput() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.TRACE);
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Path state = dir.resolve("state");
        try (GitFixture repo = GitFixture.init(dir.resolve("repo"))) {
            repo.write("components/app/component.yaml", "kind: Component\nname: app\n");
            repo.write("components/app/migrations/1.0.0.yaml", """
                    kind: Migration
                    version: 1.0.0
                    up:
                      - id: marker
                        file: { path: /opt/app/VERSION, content: "1.0.0" }
                    """);
            repo.write("targets/all.yaml", "kind: Target\nname: all\ncomponents:\n  app: { version: 1.0.0 }\n");
            repo.commit("app 1.0.0");
            String body;
            try (TokenGitServer server = TokenGitServer.start(repo.gitDirectory(), "deployer", TOKEN)) {
                Credentials credentials = new Credentials(Optional.empty(), Optional.empty(), false,
                        Optional.of(tokenFile), "deployer");
                try (Engine engine = Engine.open(new Engine.Options(server.url(), "main", "", state, dir.resolve("root"),
                        new HostIdentity("web-01", Map.of()), List.of("true"), false, false, credentials,
                        SignaturePolicy.off()), Clock.systemUTC())) {
                    EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), PassListener.NONE);
                    assertThat(agent.sync("test")).isInstanceOf(PassOutcome.Applied.class);
                    Files.writeString(tokenFile, "wrong-" + TOKEN);
                    PassOutcome failed = agent.sync("test");
                    assertThat(failed.summary()).startsWith("authentication failed for " + server.url())
                            .doesNotContain(TOKEN);
                    body = httpOutput(agent);
                }
            }
            assertThat(body).contains("authentication failed").doesNotContain(TOKEN);
        } finally {
            root.setLevel(level);
            root.detachAppender(logs);
        }
        String logged = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
        assertThat(logged).contains("authentication failed").doesNotContain(TOKEN);
        assertThat(stateBytes(state)).doesNotContain(TOKEN);
    }

    private static String httpOutput(EngineAgent agent) throws Exception {
        try (ApiServer api = ApiServer.start(agent, () -> { }, () -> "", new HttpAddress("127.0.0.1", 0), Optional.empty())) {
            HttpClient client = HttpClient.newHttpClient();
            StringBuilder out = new StringBuilder();
            for (String path : List.of("/status", "/history", "/plan", "/")) {
                out.append(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            }
            return out.toString();
        }
    }

    /** Every file under the state directory (database, WAL, mirror config), as text. */
    private static String stateBytes(Path state) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
