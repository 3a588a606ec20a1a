package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.cli.Main;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.source.SignaturePolicy;
import dev.versiond.daemon.state.PassRecord;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.SigningKeys;
import dev.versiond.daemon.testing.Specs;
import dev.versiond.spec.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed commits end to end: real keys made by {@code gpg} and {@code ssh-keygen}, commits made with
 * JGit and signed by those tools, an engine with a real state store applying a real repository.
 */
class SignedCommitsTest {
    @TempDir
    static Path keysDir;
    @TempDir
    Path dir;

    private static SigningKeys keys;
    private static String trusted;
    private static String stranger;
    private static String expired;
    private static Path trustedSsh;
    private static Path strangerSsh;

    private GitFixture repo;
    private Path root;
    private final List<Untrusted> refusals = new ArrayList<>();

    @BeforeAll
    static void makeKeys() {
        keys = SigningKeys.in(keysDir);
        trusted = keys.gpgKey("release@example.org");
        stranger = keys.gpgKey("stranger@example.org");
        expired = keys.expiredGpgKey("retired@example.org");
        keys.exportGpgKey(trusted, keysDir.resolve("trusted/release.asc"));
        keys.exportGpgKey(expired, keysDir.resolve("trusted/retired.asc"));
        trustedSsh = keys.sshKey("ops");
        strangerSsh = keys.sshKey("mallory");
    }

    @AfterAll
    static void stopAgent() {
        keys.close();
    }

    @BeforeEach
    void repository() {
        repo = GitFixture.init(dir.resolve("repo"));
        root = dir.resolve("root");
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    private String commitVersion(String version, Function<byte[], String> signer) {
        Specs specs = Specs.repo()
                .component("app", "")
                .target("all", """
                        components:
                          app: { version: %s }
                        """.formatted(version));
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            specs.migration("app", v, """
                    up:
                      - id: marker
                        file: { path: /opt/app/VERSION, content: "%s" }
                    """.formatted(v));
        }
        specs.files().forEach(repo::write);
        repo.commit("app " + version);
        return signer == null ? repo.head() : repo.signHead(signer);
    }

    private Engine engine(SignaturePolicy policy, boolean allowNonDescendant) {
        return Engine.open(new Engine.Options(repo.url(), "main", "", dir.resolve("state"), root,
                new HostIdentity("web-01", Map.of()), List.of("true"), allowNonDescendant, false,
                Credentials.none(), policy), Clock.systemUTC());
    }

    private static SignaturePolicy openPgp(SignaturePolicy.Mode mode) {
        return new SignaturePolicy(mode, Optional.of(keysDir.resolve("trusted")), Optional.empty());
    }

    private PassOutcome sync(Engine engine) {
        EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), new PassListener() {
            @Override
            public void untrusted(Untrusted refused) {
                refusals.add(refused);
            }
        });
        return agent.sync("test");
    }

    private Optional<String> deployed() throws IOException {
        Path marker = root.resolve("opt/app/VERSION");
        return Files.exists(marker) ? Optional.of(Files.readString(marker)) : Optional.empty();
    }

    @Test
    void commitSignedByATrustedOpenPgpKeyIsAppliedAndItsFingerprintRecordedInHistory() throws IOException {
        String commit = commitVersion("1.0.0", keys.gpgSigner(trusted));

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            PassOutcome outcome = sync(engine);

            assertThat(outcome).isInstanceOf(PassOutcome.Applied.class);
            assertThat(deployed()).contains("1.0.0");
            PassRecord pass = engine.store().history(Optional.empty(), 1).get(0);
            assertThat(pass.commit()).contains(commit);
            assertThat(pass.signer()).contains(trusted);
        }
        assertThat(refusals).isEmpty();
    }

    @Test
    void unsignedCommitIsRefusedAsUntrustedUntilItIsSigned() throws IOException {
        String commit = commitVersion("1.0.0", null);

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), PassListener.NONE);
            PassOutcome outcome = agent.sync("test");

            assertThat(outcome).isInstanceOfSatisfying(PassOutcome.Failed.class,
                    f -> assertThat(f.code()).isEqualTo(ErrorCode.UNTRUSTED));
            assertThat(agent.status().untrusted()).hasValueSatisfying(u -> {
                assertThat(u.commit()).isEqualTo(commit);
                assertThat(u.reason()).contains("not signed");
                assertThat(u.reasonCode()).isEqualTo("untrusted-signature");
            });
            assertThat(deployed()).isEmpty();
            assertThat(engine.store().history(Optional.empty(), 10)).isEmpty();

            repo.signHead(keys.gpgSigner(trusted));
            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.Applied.class);
            assertThat(agent.status().untrusted()).isEmpty();
            assertThat(agent.status().revision().flatMap(Commit::signer)).contains(trusted);
        }
    }

    @Test
    void commitSignedByAKeyThatIsNotTrustedIsRefused() throws IOException {
        commitVersion("1.0.0", keys.gpgSigner(stranger));

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Failed.class);
        }
        assertThat(refusals).singleElement().satisfies(u -> {
            assertThat(u.kind()).isEqualTo(Untrusted.SIGNATURE);
            assertThat(u.reason()).contains("not among the trusted keys").contains(stranger.substring(24));
        });
        assertThat(deployed()).isEmpty();
    }

    @Test
    void commitSignedByAnExpiredKeyIsRefusedEvenThoughTheKeyWasValidWhenItSigned() throws IOException {
        commitVersion("1.0.0", keys.gpgSignerAt(expired, Instant.now().minusSeconds(2 * 86_400 - 3600)));

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Failed.class);
        }
        assertThat(refusals).singleElement().satisfies(u -> assertThat(u.reason()).contains("expired"));
        assertThat(deployed()).isEmpty();
    }

    @Test
    void signatureCopiedFromAnotherCommitIsRefused() throws IOException {
        String signed = commitVersion("1.0.0", keys.gpgSigner(trusted));
        String signature = repo.signature(signed).orElseThrow();
        commitVersion("1.1.0", null);
        String forged = repo.signHeadWith(signature);

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Failed.class);
        }
        assertThat(refusals).singleElement().satisfies(u -> {
            assertThat(u.commit()).isEqualTo(forged);
            assertThat(u.reason()).contains("bad signature").contains(trusted);
        });
        assertThat(deployed()).isEmpty();
    }

    @Test
    void commitSignedWithAnAllowedSshKeyIsAppliedAndOneFromAnotherKeyIsRefused() throws IOException {
        Path allowed = keysDir.resolve("allowed_signers");
        Files.writeString(allowed, "author@example.org " + keys.sshPublicKey(trustedSsh) + "\n");
        SignaturePolicy policy = new SignaturePolicy(SignaturePolicy.Mode.HEAD, Optional.empty(), Optional.of(allowed));
        commitVersion("1.0.0", keys.sshSigner(trustedSsh));

        try (Engine engine = engine(policy, false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Applied.class);
            assertThat(engine.store().history(Optional.empty(), 1).get(0).signer())
                    .hasValueSatisfying(s -> assertThat(s).startsWith("SHA256:"));
            assertThat(deployed()).contains("1.0.0");

            String bad = commitVersion("1.1.0", keys.sshSigner(strangerSsh));
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Failed.class);
            assertThat(refusals).singleElement().satisfies(u -> assertThat(u.commit()).isEqualTo(bad));
            assertThat(deployed()).contains("1.0.0");
        }
    }

    @Test
    void modeAllRefusesAnUnsignedCommitInTheMiddleOfTheRangeThatModeHeadLetsThrough() throws IOException {
        commitVersion("1.0.0", keys.gpgSigner(trusted));
        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.ALL), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Applied.class);
        }
        String middle = commitVersion("1.1.0", null);
        commitVersion("1.2.0", keys.gpgSigner(trusted));

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.ALL), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Failed.class);
            assertThat(refusals).singleElement().satisfies(u -> assertThat(u.commit()).isEqualTo(middle));
            assertThat(deployed()).contains("1.0.0");
        }
        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Applied.class);
            assertThat(deployed()).contains("1.2.0");
        }
    }

    @Test
    void forcePushOfASignedRewrittenHistoryIsRefusedUnlessNonDescendantsAreAllowed() throws IOException {
        commitVersion("1.0.0", keys.gpgSigner(trusted));
        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Applied.class);
        }
        repo.write("components/app/extra.txt", "rewritten");
        repo.commitUnrelated("rewritten history");
        String rewritten = repo.signHead(keys.gpgSigner(trusted));

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(sync(engine)).isInstanceOfSatisfying(PassOutcome.Failed.class,
                    f -> assertThat(f.code()).isEqualTo(ErrorCode.UNTRUSTED));
        }
        assertThat(refusals).singleElement().satisfies(u -> {
            assertThat(u.commit()).isEqualTo(rewritten);
            assertThat(u.kind()).isEqualTo(Untrusted.NON_DESCENDANT);
        });

        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), true)) {
            assertThat(sync(engine)).isNotInstanceOf(PassOutcome.Failed.class);
            assertThat(engine.store().recorded().lastAppliedCommit()).isPresent();
        }
    }

    @Test
    void replayOfAnOlderSignedCommitIsRefused() throws IOException {
        String older = commitVersion("1.0.0", keys.gpgSigner(trusted));
        commitVersion("1.1.0", keys.gpgSigner(trusted));
        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Applied.class);
            assertThat(deployed()).contains("1.1.0");

            repo.resetHard(older);
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Failed.class);
        }
        assertThat(refusals).singleElement().satisfies(u -> {
            assertThat(u.commit()).isEqualTo(older);
            assertThat(u.reason()).contains("does not descend");
        });
        assertThat(deployed()).contains("1.1.0");
    }

    @Test
    void aPinnedTagMustBeASignedAnnotatedTag() throws IOException {
        commitVersion("1.0.0", keys.gpgSigner(trusted));
        repo.annotatedTag("v1-unsigned", "not signed");
        repo.signedTag("v1", "release 1", keys.gpgSigner(trusted));

        Engine.Options unsigned = new Engine.Options(repo.url(), "v1-unsigned", "", dir.resolve("state"), root,
                new HostIdentity("web-01", Map.of()), List.of("true"), false, false, Credentials.none(),
                openPgp(SignaturePolicy.Mode.HEAD));
        try (Engine engine = Engine.open(unsigned, Clock.systemUTC())) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Failed.class);
        }
        assertThat(refusals).singleElement().satisfies(u -> assertThat(u.reason()).contains("tag is not signed"));

        Engine.Options signed = new Engine.Options(repo.url(), "v1", "", dir.resolve("state2"), root,
                new HostIdentity("web-01", Map.of()), List.of("true"), false, false, Credentials.none(),
                openPgp(SignaturePolicy.Mode.HEAD));
        try (Engine engine = Engine.open(signed, Clock.systemUTC())) {
            assertThat(sync(engine)).isInstanceOf(PassOutcome.Applied.class);
        }
    }

    @Test
    void applyOnceExitsWithOneOnAnUnsignedCommitAndZeroOnceItIsSigned() throws IOException {
        commitVersion("1.0.0", null);
        String[] args = {"apply", "--once", "--repo", repo.url(), "--state", dir.resolve("state").toString(),
            "--root", root.toString(), "--host", "web-01", "--systemctl", "true",
            "--trusted-keys", keysDir.resolve("trusted").toString(), "--verify-signatures", "all"};

        assertThat(Main.execute(args)).isEqualTo(1);
        assertThat(deployed()).isEmpty();

        repo.signHead(keys.gpgSigner(trusted));
        assertThat(Main.execute(args)).isZero();
        assertThat(deployed()).contains("1.0.0");
    }

    @Test
    void repairRecordsDefinitionsOnlyFromASignedCommit() throws IOException {
        String[] apply = {"apply", "--once", "--repo", repo.url(), "--state", dir.resolve("state").toString(),
            "--root", root.toString(), "--host", "web-01", "--systemctl", "true",
            "--trusted-keys", keysDir.resolve("trusted").toString()};
        commitVersion("1.0.0", keys.gpgSigner(trusted));
        assertThat(Main.execute(apply)).isZero();
        repo.write("components/app/migrations/1.0.0.yaml", """
                kind: Migration
                version: 1.0.0
                up:
                  - id: marker
                    file: { path: /opt/app/VERSION, content: "edited" }
                """);
        repo.commit("edit an applied version, unsigned");

        int code = Main.execute("repair", "--state", dir.resolve("state").toString(),
                "--trusted-keys", keysDir.resolve("trusted").toString());

        assertThat(code).as("an untrusted commit is a failure, exit 1").isEqualTo(1);
        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(engine.store().history(Optional.empty(), 10)).extracting(PassRecord::trigger)
                    .doesNotContain("repair");
        }

        repo.signHead(keys.gpgSigner(trusted));
        assertThat(Main.execute("repair", "--state", dir.resolve("state").toString(),
                "--trusted-keys", keysDir.resolve("trusted").toString())).isZero();
        try (Engine engine = engine(openPgp(SignaturePolicy.Mode.HEAD), false)) {
            assertThat(engine.store().history(Optional.empty(), 10)).extracting(PassRecord::trigger).contains("repair");
        }
    }
}
