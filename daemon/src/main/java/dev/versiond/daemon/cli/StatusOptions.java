package dev.versiond.daemon.cli;

import dev.versiond.daemon.config.StatusConfig;
import dev.versiond.daemon.source.Credentials;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code apply --once}'s options for host status in Git: the same meaning as {@code run}'s keys of those names. */
final class StatusOptions {
    @Option(names = "--status-repo", paramLabel = "URL",
            description = "Report this host's status after the pass to this status repository (and gate waves on it).")
    String repo;

    @Option(names = "--status-ssh-key", paramLabel = "FILE", description = "Private key that may push to the status repository.")
    Path sshKey;

    @Option(names = "--status-https-token-file", paramLabel = "FILE", description = "HTTPS token that may push to the status repository.")
    Path httpsTokenFile;

    @Option(names = "--status-signing-key", paramLabel = "FILE", description = "SSH private key status commits are signed with.")
    Path signingKey;

    @Option(names = "--host-signers", paramLabel = "FILE",
            description = "allowed_signers of host keys: gates count only reports signed by the host they name.")
    Path hostSigners;

    Optional<StatusConfig> toConfig(TrustOptions trust) {
        if (repo == null || repo.isBlank()) {
            return Optional.empty();
        }
        Credentials fetch = trust.credentials();
        Credentials push = new Credentials(Optional.ofNullable(sshKey), fetch.knownHosts(), fetch.acceptNewHostKeys(),
                Optional.ofNullable(httpsTokenFile), fetch.httpsUser());
        return Optional.of(new StatusConfig(repo, push, Optional.ofNullable(signingKey), StatusConfig.DEFAULT_HEARTBEAT,
                Optional.ofNullable(hostSigners)));
    }
}
