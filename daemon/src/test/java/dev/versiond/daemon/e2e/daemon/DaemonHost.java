package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.DaemonProcess;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.GitServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;

/**
 * One host running the daemon: the repository of {@link AppRepository} served over {@code git://}
 * by an in-process {@link GitServer}, a state directory, a scratch {@code --root}, a token file, and
 * {@code versiond run} polling every second without jitter. Reads back what the daemon says (HTTP)
 * and what it did (files under the root).
 */
final class DaemonHost implements AutoCloseable {
    static final String HOST = "web-1";
    static final String TOKEN = "e2e-token-0123456789";
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Pattern SAMPLE = Pattern.compile("^(versiond_\\w+)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$",
            Pattern.MULTILINE);

    final Path dir;
    final AppRepository repo;
    final GitServer server;
    final Path state;
    final Path root;
    private final Path tokenFile;
    private DaemonProcess daemon;

    DaemonHost(Path dir) {
        this.dir = dir;
        this.repo = new AppRepository(GitFixture.init(dir.resolve("repo")));
        this.server = GitServer.serving("app", repo.git());
        this.state = dir.resolve("state");
        this.root = dir.resolve("root");
        this.tokenFile = dir.resolve("token");
        try {
            Files.createDirectories(root);
            Files.writeString(tokenFile, TOKEN + "\n");
            Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Awaitility with short polling, for what the daemon does on its own schedule. */
    static ConditionFactory eventually() {
        return await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(30));
    }

    /** Starts {@code versiond run} on this host (the repository must have a first commit). */
    DaemonProcess start(String... extra) {
        return startFollowing(server.url("app"), extra);
    }

    /** Starts {@code versiond run} following {@code repoUrl} (e.g. the server's URL with credentials in it). */
    DaemonProcess startFollowing(String repoUrl, String... extra) {
        return startFollowing(List.of(), repoUrl, extra);
    }

    /** Starts {@code versiond run} with these JVM flags (a small {@code -Xmx}). */
    DaemonProcess startWithJvmFlags(List<String> jvmFlags, String... extra) {
        return startFollowing(jvmFlags, server.url("app"), extra);
    }

    private DaemonProcess startFollowing(List<String> jvmFlags, String repoUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of("--repo", repoUrl, "--state", state.toString(),
                "--root", root.toString(), "--host", HOST, "--interval", INTERVAL.toSeconds() + "s", "--jitter", "0",
                "--token-file", tokenFile.toString()));
        args.addAll(List.of(extra));
        daemon = DaemonProcess.start(jvmFlags, args.toArray(String[]::new));
        return daemon;
    }

    DaemonProcess daemon() {
        return daemon;
    }

    /** Component "app" in {@code GET /status}. */
    JsonNode app() {
        return app(daemon.status());
    }

    /** Component "app" in a status; a missing node before the first pass has read the repository. */
    static JsonNode app(JsonNode status) {
        for (JsonNode c : status.path("components")) {
            if (c.path("name").asText().equals("app")) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Waits until app is Synced at {@code version} (recorded == desired == version) and no pass runs. */
    JsonNode awaitSynced(String version) {
        return awaitStatus("app Synced at " + version, s -> {
            JsonNode app = app(s);
            return s.path("phase").asText().equals("idle") && app.path("state").asText().equals("Synced")
                    && app.path("recorded").asText().equals(version) && app.path("desired").asText().equals(version);
        });
    }

    /** Waits until {@code GET /status} satisfies {@code condition}; returns that status. */
    JsonNode awaitStatus(String what, Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        try {
            eventually().until(() -> {
                seen[0] = daemon.status();
                return condition.test(seen[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; last status: " + seen[0] + "\n"
                    + daemon.output(), e);
        }
        return seen[0];
    }

    /** Waits until the daemon has fetched {@code commit} and finished the pass over it. */
    JsonNode awaitRevision(String commit) {
        return awaitStatus("revision " + commit, s -> s.path("revision").path("commit").asText().equals(commit)
                && s.path("phase").asText().equals("idle"));
    }

    /** {@code GET /history?limit=500}, newest pass first. */
    List<JsonNode> history() {
        List<JsonNode> passes = new ArrayList<>();
        daemon.getJson("/history?limit=500").forEach(passes::add);
        return passes;
    }

    /** The value of a {@code /metrics} sample, summed over the series whose labels contain {@code labels}. */
    double metric(String name, String labels) {
        String text = daemon.get("/metrics").body();
        double sum = 0;
        boolean found = false;
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name) && Optional.ofNullable(m.group(2)).orElse("").contains(labels)) {
                sum += Double.parseDouble(m.group(3));
                found = true;
            }
        }
        return found ? sum : 0;
    }

    /** Every poll the daemon has made so far ({@code versiond_polls_total}, all results). */
    double polls() {
        return metric("versiond_polls_total", "");
    }

    /** Waits until the daemon has polled {@code n} more times than now. */
    void awaitPolls(int n) {
        double target = polls() + n;
        eventually().until(() -> polls() >= target);
    }

    Path path(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    String read(String hostPath) {
        try {
            return Files.readString(path(hostPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a link under the root points, as a host path (the root prefix taken off). */
    String linkTarget(String hostPath) {
        try {
            String target = Files.readSymbolicLink(path(hostPath)).toString();
            String prefix = root.toAbsolutePath().normalize().toString();
            return target.startsWith(prefix + "/") ? target.substring(prefix.length()) : target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host's files say app is at {@code version}: VERSION, the current link, the release directory. */
    void assertFilesAt(String version) {
        assertThat(read("/opt/app/VERSION")).isEqualTo(version + "\n");
        assertThat(linkTarget("/opt/app/current")).isEqualTo("/opt/app/releases/" + version);
        assertThat(path("/opt/app/releases/" + version)).isDirectory();
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
        }
        server.close();
        repo.git().close();
    }
}
