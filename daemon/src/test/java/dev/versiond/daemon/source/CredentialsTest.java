package dev.versiond.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.SigningKeys;
import dev.versiond.daemon.testing.TokenGitServer;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jgit.junit.ssh.SshTestGitServer;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git credentials against real servers on loopback: an SSH Git server (Apache MINA sshd, from JGit's
 * test kit) with a deploy key and a host key made by {@code ssh-keygen}, and a smart-HTTP Git server
 * that wants a token.
 */
class CredentialsTest {
    private static final String TOKEN = "ghp_s3cr3tTokenValue0123456789";

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static GitFixture origin;
    private static String head;
    private static Path deployKey;
    private static Path otherKey;
    private static Path hostKey;
    private static Repository served;
    private static SshTestGitServer ssh;
    private static int sshPort;

    @BeforeAll
    static void servers() throws Exception {
        origin = GitFixture.init(shared.resolve("origin"));
        origin.write("targets/all.yaml", "kind: Target\n");
        head = origin.commit("first");
        SigningKeys keys = SigningKeys.in(shared.resolve("keys"));
        deployKey = keys.sshKey("deploy");
        otherKey = keys.sshKey("other");
        hostKey = keys.sshKey("host");
        served = new FileRepositoryBuilder().setGitDir(origin.gitDirectory().toFile()).setMustExist(true).build();
        ssh = new SshTestGitServer("git", Path.of(deployKey + ".pub"), served, Files.readAllBytes(hostKey));
        sshPort = ssh.start();
    }

    @AfterAll
    static void stop() throws IOException {
        ssh.stop();
        served.close();
        origin.close();
    }

    private String sshUrl() {
        return "ssh://git@localhost:" + sshPort + "/repo.git";
    }

    private Path knownHosts(boolean withHost) throws IOException {
        Path file = dir.resolve("known_hosts");
        if (withHost) {
            String pub = Files.readString(Path.of(hostKey + ".pub")).strip();
            Files.writeString(file, "[localhost]:" + sshPort + " " + pub + "\n");
        }
        return file;
    }

    private JGitSource open(String url, Credentials credentials) {
        return JGitSource.open(url, "main", dir.resolve("state"), Clock.systemUTC(),
                SourceOptions.defaults().with(credentials, SignaturePolicy.off()));
    }

    private static Credentials ssh(Path key, Path knownHosts, boolean acceptNew) {
        return new Credentials(Optional.of(key), Optional.of(knownHosts), acceptNew, Optional.empty(),
                Credentials.DEFAULT_HTTPS_USER);
    }

    @Test
    void sshWithTheDeployKeyAndAKnownHostKeyFetches() throws IOException {
        try (JGitSource source = open(sshUrl(), ssh(deployKey, knownHosts(true), false))) {
            assertThat(source.poll().id()).isEqualTo(head);
        }
    }

    @Test
    void unknownHostKeyIsRefusedByDefaultAndTheFileIsNotTouched() throws IOException {
        Path hosts = knownHosts(false);
        try (JGitSource source = open(sshUrl(), ssh(deployKey, hosts, false))) {
            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
                    .hasMessageContaining("host key check failed for ssh://localhost:" + sshPort + "/repo.git")
                    .hasMessageContaining("unknown host key for [localhost]:" + sshPort)
                    .hasMessageContaining("accept-new-host-keys");
        }
        assertThat(hosts).doesNotExist();
    }

    @Test
    void newHostKeyIsTrustedOnFirstUseWhenEnabledAndRecordedForTheNextConnection() throws IOException {
        Path hosts = knownHosts(false);
        try (JGitSource source = open(sshUrl(), ssh(deployKey, hosts, true))) {
            assertThat(source.poll().id()).isEqualTo(head);
        }
        assertThat(Files.readString(hosts)).startsWith("[localhost]:" + sshPort + " ssh-ed25519 ");

        try (JGitSource strict = open(sshUrl(), ssh(deployKey, hosts, false))) {
            assertThat(strict.poll().id()).isEqualTo(head);
        }
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithTrustOnFirstUse() throws IOException {
        Path hosts = dir.resolve("known_hosts");
        Files.writeString(hosts, "[localhost]:" + sshPort + " " + Files.readString(Path.of(otherKey + ".pub")).strip() + "\n");
        try (JGitSource source = open(sshUrl(), ssh(deployKey, hosts, true))) {
            assertThatThrownBy(source::poll).hasMessageContaining("has changed");
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowFailsAsAuthenticationWithoutKeyMaterial() throws IOException {
        String privateKey = Files.readString(otherKey);
        try (JGitSource source = open(sshUrl(), ssh(otherKey, knownHosts(true), false))) {
            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
                    .hasMessageStartingWith("authentication failed for ssh://localhost:" + sshPort + "/repo.git")
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain("PRIVATE KEY").doesNotContain("\n");
                        String body = privateKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
                        assertThat(e.getMessage()).doesNotContain(body.substring(0, 20));
                    });
        }
    }

    private Credentials token(Path file) {
        return new Credentials(Optional.empty(), Optional.empty(), false, Optional.of(file), "deployer");
    }

    @Test
    void httpsTokenFromAFileIsSentAsBasicAuthentication() throws IOException {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "  " + TOKEN + "\n");
        try (TokenGitServer server = TokenGitServer.start(origin.gitDirectory(), "deployer", TOKEN);
             JGitSource source = open(server.url(), token(tokenFile))) {
            assertThat(source.poll().id()).isEqualTo(head);
        }
    }

    @Test
    void aWrongTokenFailsNamingTheUrlButNotTheToken() throws IOException {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "wrong-" + TOKEN);
        try (TokenGitServer server = TokenGitServer.start(origin.gitDirectory(), "deployer", TOKEN);
             JGitSource source = open(server.url(), token(tokenFile))) {
            assertThatThrownBy(source::poll)
                    .hasMessageStartingWith("authentication failed for " + server.url())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN))
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TOKEN));
            assertThat(server.refused()).isPositive();
        }
    }

    @Test
    void noTokenAtAllFailsAsAuthentication() {
        try (TokenGitServer server = TokenGitServer.start(origin.gitDirectory(), "deployer", TOKEN);
             JGitSource source = open(server.url(), Credentials.none())) {
            assertThatThrownBy(source::poll).hasMessageStartingWith("authentication failed for " + server.url());
        }
    }

    static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
