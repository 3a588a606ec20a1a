package dev.versiond.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.source.FetchLimits;
import dev.versiond.daemon.source.SignaturePolicy;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
    @TempDir
    Path dir;

    private AgentConfig load(Map<String, String> env, Optional<Path> file, Map<String, String> flags, List<String> labels) {
        return new AgentConfigLoader(env, () -> "machine-7").load(file, flags, labels);
    }

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, text);
        return f;
    }

    private static VersiondException refused(Runnable r) {
        try {
            r.run();
        } catch (VersiondException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG);
            return e;
        }
        throw new AssertionError("configuration was accepted");
    }

    @Test
    void hostStatusIsOffUnlessAskedAndThenPushesWithItsOwnCredentialsToTheDesiredRepoByDefault() {
        AgentConfig off = load(Map.of(), Optional.empty(), Map.of("repo", "ssh://git@git.example/fleet.git"), List.of());
        assertThat(off.status()).isEmpty();
        assertThat(off.maxCommitAge()).isEmpty();

        AgentConfig on = load(Map.of(), Optional.empty(), Map.of("repo", "ssh://git@git.example/fleet.git",
                "ssh-key", "/etc/versiond/deploy-key", "status", "true", "status-ssh-key", "/etc/versiond/status-key",
                "max-commit-age", "14d"), List.of());
        assertThat(on.status()).hasValueSatisfying(s -> {
            assertThat(s.repo()).isEqualTo("ssh://git@git.example/fleet.git");
            assertThat(s.credentials().sshKey()).contains(Path.of("/etc/versiond/status-key"));
            assertThat(s.heartbeat()).isEqualTo(StatusConfig.DEFAULT_HEARTBEAT);
            assertThat(s.hostSigners()).isEmpty();
        });
        assertThat(on.credentials().sshKey()).as("fetching keeps its own key").contains(Path.of("/etc/versiond/deploy-key"));
        assertThat(on.maxCommitAge()).contains(java.time.Duration.ofDays(14));

        AgentConfig other = load(Map.of("VERSIOND_STATUS_REPO", "https://git.example/status.git"), Optional.empty(),
                Map.of("repo", "https://git.example/fleet.git", "status-heartbeat", "10m"), List.of());
        assertThat(other.status()).as("a status-repo turns it on").hasValueSatisfying(s -> {
            assertThat(s.repo()).isEqualTo("https://git.example/status.git");
            assertThat(s.heartbeat()).isEqualTo(java.time.Duration.ofMinutes(10));
        });
    }

    @Test
    void theRepoAsDisplayedCarriesNoCredentials() {
        AgentConfig withToken = load(Map.of(), Optional.empty(),
                Map.of("repo", "https://deploy:s3cret@git.example/fleet.git"), List.of());
        AgentConfig plain = load(Map.of(), Optional.empty(), Map.of("repo", "git://git.example/fleet"), List.of());

        assertThat(withToken.displayRepo()).isEqualTo("https://git.example/fleet.git");
        assertThat(plain.displayRepo()).isEqualTo("git://git.example/fleet");
    }

    @Test
    void onlyTheRepoGivenYieldsTheNamedDefaults() {
        AgentConfig c = load(Map.of(), Optional.empty(), Map.of("repo", "https://git.example/fleet.git"), List.of());

        assertThat(c.repo()).isEqualTo("https://git.example/fleet.git");
        assertThat(c.ref()).isEqualTo(AgentConfig.DEFAULT_REF).isEqualTo("main");
        assertThat(c.path()).isEmpty();
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/versiond"));
        assertThat(c.root()).isEqualTo(Path.of("/"));
        assertThat(c.host()).isEqualTo("machine-7");
        assertThat(c.labels()).isEmpty();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.jitterPercent()).isEqualTo(10);
        assertThat(c.http()).isEqualTo(new HttpAddress("127.0.0.1", 9713));
        assertThat(c.tokenFile()).isEmpty();
        assertThat(c.systemctl()).isEqualTo("systemctl");
        assertThat(c.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.allowNonDescendant()).isFalse();
    }

    @Test
    void environmentOverridesFileAndFlagsOverrideEnvironment() throws IOException {
        Path file = yaml("""
                repo: https://git.example/from-file.git
                ref: release
                interval: 5m
                jitter: 20%
                grace: 10s
                labels:
                  env: staging
                  role: web
                """);
        Map<String, String> env = Map.of(
                "VERSIOND_REF", "prod",
                "VERSIOND_INTERVAL", "2m",
                "VERSIOND_LABELS", "env=prod,zone=a");

        AgentConfig c = load(env, Optional.of(file), Map.of("interval", "30s"), List.of("zone=b"));

        assertThat(c.repo()).isEqualTo("https://git.example/from-file.git");
        assertThat(c.ref()).isEqualTo("prod");
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.jitterPercent()).isEqualTo(20);
        assertThat(c.grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "role", "web", "zone", "b"));
    }

    @Test
    void everyKeyCanBeSetFromTheFile() throws IOException {
        Path file = yaml("""
                repo: /srv/fleet.git
                ref: main
                path: /fleet/prod/
                state: /tmp/state
                root: /tmp/root
                host: web-01
                systemctl: /usr/local/bin/fake-systemctl
                allow-non-descendant: true
                http: "[::1]:0"
                token-file: /etc/versiond/token
                """);

        AgentConfig c = load(Map.of(), Optional.of(file), Map.of(), List.of());

        assertThat(c.path()).contains("fleet/prod");
        assertThat(c.stateDir()).isEqualTo(Path.of("/tmp/state"));
        assertThat(c.root()).isEqualTo(Path.of("/tmp/root"));
        assertThat(c.host()).isEqualTo("web-01");
        assertThat(c.systemctl()).isEqualTo("/usr/local/bin/fake-systemctl");
        assertThat(c.allowNonDescendant()).isTrue();
        assertThat(c.http()).isEqualTo(new HttpAddress("::1", 0));
        assertThat(c.tokenFile()).contains(Path.of("/etc/versiond/token"));
    }

    @Test
    void unknownFileKeyIsRefusedWithItsLineAndTheClosestKnownKey() throws IOException {
        Path file = yaml("""
                repo: /srv/fleet.git
                intervall: 5m
                """);

        VersiondException e = refused(() -> load(Map.of(), Optional.of(file), Map.of(), List.of()));

        assertThat(e.getMessage()).contains(file + ":2: intervall: unknown setting (did you mean 'interval'?)");
    }

    @Test
    void badDurationNamesTheKeyTheLineAndTheExpectedForm() throws IOException {
        Path file = yaml("""
                repo: /srv/fleet.git
                interval: 5x
                """);

        VersiondException e = refused(() -> load(Map.of(), Optional.of(file), Map.of(), List.of()));

        assertThat(e.getMessage()).contains(file + ":2: interval: '5x' is not a duration (e.g. 30s, 5m)");
    }

    @Test
    void secretsDirAndAllowedRootsComeFromAYamlListTheEnvironmentOrRepeatedFlags() throws IOException {
        Path file = yaml("repo: /srv/fleet.git\nsecrets-dir: /run/versiond/secrets\nallowed-roots: [/opt, /etc/cms/, /var/lib/../lib/cms]\n");

        AgentConfig fromFile = load(Map.of(), Optional.of(file), Map.of(), List.of());
        AgentConfig fromEnv = load(Map.of("VERSIOND_ALLOWED_ROOTS", "/srv, /data"), Optional.of(file), Map.of(), List.of());
        AgentConfig fromFlags = load(Map.of(), Optional.of(file), Map.of("allowed-roots", "/opt/app"), List.of());
        AgentConfig defaults = load(Map.of(), Optional.empty(), Map.of("repo", "/srv/fleet.git"), List.of());

        assertThat(fromFile.secretsDir()).isEqualTo(Path.of("/run/versiond/secrets"));
        assertThat(fromFile.allowedRoots()).containsExactly("/opt", "/etc/cms", "/var/lib/cms");
        assertThat(fromEnv.allowedRoots()).containsExactly("/srv", "/data");
        assertThat(fromFlags.allowedRoots()).containsExactly("/opt/app");
        assertThat(defaults.secretsDir()).isEqualTo(AgentConfig.DEFAULT_SECRETS_DIR);
        assertThat(defaults.allowedRoots()).isEmpty();
    }

    @Test
    void fetchLimitsTakeSizesInBytesOrPowersOf1024AndDefaultToOneGibibyteAndTenMinutes() throws IOException {
        Path file = yaml("repo: /srv/fleet.git\nfetch-max-bytes: 512MiB\nfetch-max-duration: 90s\n");

        AgentConfig fromFile = load(Map.of(), Optional.of(file), Map.of(), List.of());
        AgentConfig fromEnv = load(Map.of("VERSIOND_FETCH_MAX_BYTES", "1048576"), Optional.of(file), Map.of(), List.of());
        AgentConfig defaults = load(Map.of(), Optional.empty(), Map.of("repo", "/srv/fleet.git"), List.of());

        assertThat(fromFile.fetchLimits()).isEqualTo(new FetchLimits(512L << 20, Duration.ofSeconds(90)));
        assertThat(fromEnv.fetchLimits().maxBytes()).isEqualTo(1048576L);
        assertThat(defaults.fetchLimits()).isEqualTo(FetchLimits.defaults());
    }

    @Test
    void aFetchLimitThatIsNotASizeOrIsUnderASecondIsRefusedNamingWhereItCameFrom() {
        VersiondException e = refused(() -> load(Map.of("VERSIOND_FETCH_MAX_BYTES", "lots"), Optional.empty(),
                Map.of("repo", "/srv/fleet.git", "fetch-max-duration", "0s"), List.of()));

        assertThat(e.getMessage()).contains("VERSIOND_FETCH_MAX_BYTES: 'lots' is not a size")
                .contains("--fetch-max-duration: '0s' is shorter than one second");
    }

    @Test
    void aRelativeAllowedRootIsRefusedNamingWhereItCameFrom() {
        VersiondException e = refused(() -> load(Map.of("VERSIOND_ALLOWED_ROOTS", "/opt,opt/app"), Optional.empty(),
                Map.of("repo", "/srv/fleet.git"), List.of()));

        assertThat(e.getMessage()).contains("VERSIOND_ALLOWED_ROOTS: 'opt/app' is not an absolute path");
    }

    @Test
    void badValuesFromEnvironmentAndFlagsNameTheVariableAndTheFlag() {
        VersiondException e = refused(() -> load(Map.of("VERSIOND_GRACE", "soon"), Optional.empty(),
                Map.of("repo", "/srv/fleet.git", "http", "localhost"), List.of()));

        assertThat(e.getMessage())
                .contains("VERSIOND_GRACE: 'soon' is not a duration")
                .contains("--http: 'localhost' is not an address (HOST:PORT");
    }

    @Test
    void jitterOutsideZeroToHundredPercentIsRefused() {
        VersiondException e = refused(() -> load(Map.of(), Optional.empty(),
                Map.of("repo", "/srv/fleet.git", "jitter", "150%"), List.of()));

        assertThat(e.getMessage()).contains("--jitter: '150%' is not a percentage from 0% to 100%");
    }

    @Test
    void missingRepoAndBadLabelAreBothReported() {
        VersiondException e = refused(() -> load(Map.of(), Optional.empty(), Map.of(), List.of("novalue")));

        assertThat(e.getMessage())
                .contains("repo: required")
                .contains("--label: 'novalue' is not a label");
    }

    @Test
    void notificationHookAndLogKeysComeFromTheFileAndTheEnvironment() throws IOException {
        Path file = yaml("""
                repo: /srv/fleet.git
                notify-webhook: https://hooks.example/versiond
                notify-webhook-secret-file: /etc/versiond/webhook-secret
                notify-rate-limit: 5
                hook-secret-file: /etc/versiond/hook-secret
                log-format: json
                """);

        AgentConfig c = load(Map.of("VERSIOND_NOTIFY_ALERTMANAGER", "http://127.0.0.1:9093"), Optional.of(file),
                Map.of(), List.of());

        assertThat(c.notifications().webhook()).contains(java.net.URI.create("https://hooks.example/versiond"));
        assertThat(c.notifications().webhookSecretFile()).contains(Path.of("/etc/versiond/webhook-secret"));
        assertThat(c.notifications().alertmanager()).contains(java.net.URI.create("http://127.0.0.1:9093"));
        assertThat(c.notifications().perMinute()).isEqualTo(5);
        assertThat(c.hookSecretFile()).contains(Path.of("/etc/versiond/hook-secret"));
        assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
        AgentConfig defaults = load(Map.of(), Optional.empty(), Map.of("repo", "/srv/fleet.git"), List.of());
        assertThat(defaults.notifications().any()).isFalse();
        assertThat(defaults.logFormat()).isEqualTo(LogFormat.LINE);
    }

    @Test
    void anUnsignedWebhookAURLWithCredentialsAndABadLogFormatAreRefused() {
        VersiondException e = refused(() -> load(Map.of(), Optional.empty(), Map.of("repo", "/srv/fleet.git",
                "notify-webhook", "https://hooks.example/x", "notify-alertmanager", "http://admin:pw@am:9093",
                "log-format", "xml"), List.of()));

        assertThat(e.getMessage()).contains("--notify-webhook: a webhook needs notify-webhook-secret-file")
                .contains("--notify-alertmanager: 'http://am:9093' has credentials in it")
                .contains("--log-format: 'xml' is not a log format (line or json)")
                .doesNotContain("pw");
    }

    @Test
    void intervalBelowOneSecondIsRefused() {
        VersiondException e = refused(() -> load(Map.of(), Optional.empty(),
                Map.of("repo", "/srv/fleet.git", "interval", "500ms"), List.of()));

        assertThat(e.getMessage()).contains("--interval: '500ms' is shorter than the minimum of 1s");
    }

    @Test
    void portOutOfRangeIsRefused() {
        VersiondException e = refused(() -> load(Map.of(), Optional.empty(),
                Map.of("repo", "/srv/fleet.git", "http", "127.0.0.1:70000"), List.of()));

        assertThat(e.getMessage()).contains("--http: '127.0.0.1:70000' is not an address");
    }

    @Test
    void fileThatIsNotAMappingIsRefused() throws IOException {
        Path file = yaml("- repo\n");

        VersiondException e = refused(() -> load(Map.of(), Optional.of(file), Map.of(), List.of()));

        assertThat(e.getMessage()).contains(file + ":1: expected a mapping");
    }

    @Test
    void missingFileIsRefusedNamingIt() {
        Path file = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> load(Map.of(), Optional.of(file), Map.of("repo", "x"), List.of()))
                .isInstanceOf(VersiondException.class)
                .hasMessageContaining("config file " + file + ": cannot read it");
    }

    @Test
    void signaturesAreVerifiedAtTheHeadByDefaultOnceKeysAreConfigured() {
        AgentConfig none = load(Map.of(), Optional.empty(), Map.of("repo", "x"), List.of());
        AgentConfig keys = load(Map.of("VERSIOND_TRUSTED_KEYS", "/etc/versiond/trusted-keys"), Optional.empty(),
                Map.of("repo", "x"), List.of());
        AgentConfig all = load(Map.of(), Optional.empty(), Map.of("repo", "x", "allowed-signers", "/etc/versiond/allowed_signers",
                "verify-signatures", "all"), List.of());

        assertThat(none.signatures().mode()).isEqualTo(SignaturePolicy.Mode.OFF);
        assertThat(keys.signatures().mode()).isEqualTo(SignaturePolicy.Mode.HEAD);
        assertThat(keys.signatures().trustedKeys()).contains(Path.of("/etc/versiond/trusted-keys"));
        assertThat(all.signatures().mode()).isEqualTo(SignaturePolicy.Mode.ALL);
        assertThat(all.signatures().allowedSigners()).contains(Path.of("/etc/versiond/allowed_signers"));
    }

    @Test
    void verifyingSignaturesWithoutKeysOrWithAnUnknownModeIsRefusedNamingTheKey() {
        assertThat(refused(() -> load(Map.of(), Optional.empty(), Map.of("repo", "x", "verify-signatures", "head"),
                List.of())).getMessage()).contains("--verify-signatures: verifying signatures (head) needs trusted-keys");
        assertThat(refused(() -> load(Map.of("VERSIOND_VERIFY_SIGNATURES", "some"), Optional.empty(), Map.of("repo", "x"),
                List.of())).getMessage()).contains("VERSIOND_VERIFY_SIGNATURES: expected off, head or all, got 'some'");
    }

    @Test
    void credentialsAreReadFromTheFileAsPathsOnly() throws IOException {
        Path file = yaml("""
                repo: ssh://git@git.example/fleet.git
                ssh-key: /etc/versiond/deploy_key
                known-hosts: /etc/versiond/known_hosts
                accept-new-host-keys: true
                https-token-file: /etc/versiond/token
                """);

        AgentConfig c = load(Map.of(), Optional.of(file), Map.of(), List.of());

        assertThat(c.credentials().sshKey()).contains(Path.of("/etc/versiond/deploy_key"));
        assertThat(c.credentials().knownHosts()).contains(Path.of("/etc/versiond/known_hosts"));
        assertThat(c.credentials().acceptNewHostKeys()).isTrue();
        assertThat(c.credentials().httpsTokenFile()).contains(Path.of("/etc/versiond/token"));
        assertThat(c.credentials().httpsUser()).isEqualTo(Credentials.DEFAULT_HTTPS_USER);
    }
}
