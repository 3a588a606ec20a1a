package dev.versiond.daemon.config;

import dev.versiond.daemon.source.Credentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Host status in Git: where this host reports, with which (push) credentials, how it signs, how
 * often it reports when nothing changes, and whose signatures it requires of other hosts' reports.
 *
 * @param repo the status repository (by default the desired-state repository)
 * @param credentials the push credentials, apart from the fetch credentials of the desired state
 * @param signingKey an OpenSSH private key status commits are signed with (the host key)
 * @param heartbeat how often a report is pushed when nothing changed
 * @param hostSigners an {@code allowed_signers} file of host keys (principal = host name); when set,
 *     a wave's gate counts only reports signed by the key of the host they name
 */
public record StatusConfig(String repo, Credentials credentials, Optional<Path> signingKey, Duration heartbeat,
                           Optional<Path> hostSigners) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofHours(1);

    public StatusConfig {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(hostSigners, "hostSigners");
    }

    /** {@link #repo} without its user information: safe to print or log. */
    public String displayRepo() {
        return Credentials.removedFrom(repo);
    }
}
