package dev.versiond.daemon.cli;

import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.source.SignaturePolicy;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The trust flags of the one-shot commands that read Git ({@code plan}, {@code apply}, {@code repair}):
 * which commits must be signed by which keys, and the credentials for the remote. The same keys as
 * {@code versiond run}'s configuration.
 */
final class TrustOptions {
    @Option(names = "--verify-signatures", paramLabel = "off|head|all",
            description = "Which commits must be signed by a trusted key (default: head when keys are given, else off).")
    String verifySignatures;

    @Option(names = "--trusted-keys", paramLabel = "PATH", description = "OpenPGP public keys: a key file or a directory of them.")
    Path trustedKeys;

    @Option(names = "--allowed-signers", paramLabel = "FILE", description = "OpenSSH allowed_signers file for SSH-signed commits.")
    Path allowedSigners;

    @Option(names = "--ssh-key", paramLabel = "FILE", description = "Private key (deploy key) for ssh:// remotes.")
    Path sshKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file the SSH remote's host key is checked against.")
    Path knownHosts;

    @Option(names = "--accept-new-host-keys",
            description = "Trust an SSH host key seen for the first time and record it in --known-hosts.")
    boolean acceptNewHostKeys;

    @Option(names = "--https-token-file", paramLabel = "FILE", description = "File holding an HTTPS access token.")
    Path httpsTokenFile;

    @Option(names = "--https-user", defaultValue = Credentials.DEFAULT_HTTPS_USER, paramLabel = "NAME",
            description = "User name sent with the token (default: ${DEFAULT-VALUE}).")
    String httpsUser;

    Credentials credentials() {
        return new Credentials(Optional.ofNullable(sshKey), Optional.ofNullable(knownHosts), acceptNewHostKeys,
                Optional.ofNullable(httpsTokenFile), httpsUser);
    }

    SignaturePolicy signatures() {
        try {
            return SignaturePolicy.of(Optional.ofNullable(verifySignatures).map(SignaturePolicy.Mode::parse),
                    Optional.ofNullable(trustedKeys), Optional.ofNullable(allowedSigners));
        } catch (IllegalArgumentException e) {
            throw new VersiondException(ErrorCode.USAGE, "--verify-signatures: " + e.getMessage());
        }
    }
}
