package dev.versiond.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.GitServer;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source against a real {@code git://} server on loopback: round trips, fetches, outages, secrets. */
class JGitSourceRemoteTest {
    @TempDir
    Path temp;

    private GitFixture repo;
    private GitServer server;
    private Path stateDir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void serveRepository() {
        repo = GitFixture.init(temp.resolve("desired"));
        repo.write("targets/all.yaml", "kind: Target\n").write("components/web/component.yaml", "kind: Component\n");
        repo.commit("initial");
        server = GitServer.serving("fleet", repo);
        stateDir = temp.resolve("state");
    }

    @AfterEach
    void stopServer() {
        server.close();
        repo.close();
    }

    @Test
    void theFirstPollClonesIntoTheBareMirrorAndReturnsTheHead() {
        try (JGitSource source = JGitSource.open(server.url("fleet"), "main", stateDir, clock)) {
            Commit revision = source.poll();

            assertThat(revision.id()).isEqualTo(repo.head());
            assertThat(revision.fetched()).isTrue();
            assertThat(source.tree(revision, "").paths())
                    .containsExactly("components/web/component.yaml", "targets/all.yaml");
            assertThat(stateDir.resolve("mirror.git/objects")).isDirectory();
        }
    }

    @Test
    void aSecondPollWithNoChangeFetchesNothing() throws IOException {
        try (JGitSource source = JGitSource.open(server.url("fleet"), "main", stateDir, clock)) {
            Commit first = source.poll();
            Map<String, Long> objectsBefore = objectFiles();

            Commit second = source.poll();

            assertThat(second.fetched()).isFalse();
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(objectFiles()).isEqualTo(objectsBefore);
        }
    }

    @Test
    void afterANewCommitThePollFetchesItAndOnlyTheConfiguredRef() throws IOException {
        try (JGitSource source = JGitSource.open(server.url("fleet"), "main", stateDir, clock)) {
            String first = source.poll().id();
            repo.write("targets/all.yaml", "kind: Target\nmetadata: {name: all}\n");
            String second = repo.commit("name the target");
            repo.tag("v9.9.9");

            Commit revision = source.poll();

            assertThat(revision.id()).isEqualTo(second);
            assertThat(revision.fetched()).isTrue();
            assertThat(source.isDescendant(second, first)).isTrue();
            assertThat(refFiles()).containsExactly("refs/versiond/remote");
        }
    }

    @Test
    void aStoppedServerIsASourceErrorNamingTheUrlAndARestartHeals() {
        try (JGitSource source = JGitSource.open(server.url("fleet"), "main", stateDir, clock)) {
            source.poll();
            server.stop();

            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
                    .hasMessageStartingWith("ls-remote failed for " + server.url("fleet") + ": ")
                    .satisfies(e -> {
                        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                            assertThat(cause.getClass().getName()).doesNotStartWith("org.eclipse.jgit");
                        }
                    });

            repo.write("targets/all.yaml", "changed while the server was down\n");
            String during = repo.commit("during the outage");
            server.start();
            Commit healed = source.poll();
            assertThat(healed.id()).isEqualTo(during);
            assertThat(healed.fetched()).isTrue();
        }
    }

    @Test
    void credentialsInTheUrlNeverReachAMessageOrTheMirrorConfig() throws IOException {
        String port = String.valueOf(server.port());
        server.stop();
        for (String url : new String[] {
                "git://deploy:s3cr3t-t0ken@127.0.0.1:" + port + "/fleet",
                "https://deploy:s3cr3t-t0ken@127.0.0.1:" + port + "/fleet.git",
                "http://s3cr3t-t0ken@127.0.0.1:" + port + "/fleet.git"}) {
            Path state = Files.createTempDirectory(temp, "state");
            try (JGitSource source = JGitSource.open(url, "main", state, clock)) {
                assertThat(source.remoteUrl()).doesNotContain("s3cr3t");

                assertThatThrownBy(source::poll)
                        .isInstanceOfSatisfying(VersiondException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE);
                            assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                            assertThat(stackTrace(e)).doesNotContain("s3cr3t").doesNotContain("deploy:");
                        });
                assertThat(Files.readString(state.resolve("mirror.git/config"))).doesNotContain("s3cr3t");
            }
        }
    }

    @Test
    void aRemoteThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                JGitSource source = JGitSource.open("git://127.0.0.1:" + silent.getLocalPort() + "/fleet", "main",
                        stateDir, clock, new SourceOptions(Duration.ofSeconds(1), SourceOptions.DEFAULT_MAX_FILE_BYTES))) {
            Thread acceptor = new Thread(() -> {
                try (Socket connection = silent.accept()) {
                    connection.getInputStream().readAllBytes();
                } catch (IOException e) {
                    // the test closed the socket
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long started = System.nanoTime();

            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
                    .hasMessageContaining("ls-remote failed for git://127.0.0.1:" + silent.getLocalPort());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aMissingRefOnTheServerIsReportedByName() {
        try (JGitSource source = JGitSource.open(server.url("fleet"), "production", stateDir, clock)) {
            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
                    .hasMessage("ref 'production' not found on " + server.url("fleet"));
        }
    }

    /** Every file under the mirror's objects directory with its size: packs, indexes, loose objects. */
    private Map<String, Long> objectFiles() throws IOException {
        Path objects = stateDir.resolve("mirror.git/objects");
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(objects)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(objects.relativize(file).toString(), Files.size(file));
            }
        }
        assertThat(files.keySet()).anyMatch(name -> name.endsWith(".pack"));
        return files;
    }

    /** Every ref the mirror holds, loose or packed. */
    private SortedSet<String> refFiles() throws IOException {
        Path git = stateDir.resolve("mirror.git");
        SortedSet<String> refs = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(git.resolve("refs"))) {
            walk.filter(Files::isRegularFile).map(file -> git.relativize(file).toString()).forEach(refs::add);
        }
        Path packed = git.resolve("packed-refs");
        if (Files.exists(packed)) {
            Files.readAllLines(packed).stream()
                    .filter(line -> !line.startsWith("#") && !line.startsWith("^"))
                    .map(line -> line.substring(41))
                    .forEach(refs::add);
        }
        return refs;
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
