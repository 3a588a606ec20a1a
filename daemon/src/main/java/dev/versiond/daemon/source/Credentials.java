package dev.versiond.daemon.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the agent proves who it is to the remote, and how it knows the remote is the right one.
 * Only paths are held here: secrets are read from their files when a connection is opened, so a
 * rotated token or key is picked up without a restart and never sits in a config record.
 *
 * @param sshKey the private key (deploy key) for {@code ssh://} and scp-like URLs; without one, SSH
 *     is refused rather than falling back to the user's {@code ~/.ssh}
 * @param knownHosts the {@code known_hosts} file the remote's host key is checked against
 * @param acceptNewHostKeys trust on first use: a host with no entry in {@code knownHosts} is accepted
 *     and its key written there; a key that differs from a recorded one is refused whatever this says
 * @param httpsTokenFile a file holding an HTTPS access token (surrounding whitespace trimmed), sent as
 *     the password of HTTP basic authentication
 * @param httpsUser the user name sent with the token
 */
public record Credentials(Optional<Path> sshKey, Optional<Path> knownHosts, boolean acceptNewHostKeys,
                          Optional<Path> httpsTokenFile, String httpsUser) {

    /** What GitHub, GitLab and Gitea accept as the user of a token. */
    public static final String DEFAULT_HTTPS_USER = "x-access-token";

    public Credentials {
        Objects.requireNonNull(sshKey, "sshKey");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(httpsTokenFile, "httpsTokenFile");
        Objects.requireNonNull(httpsUser, "httpsUser");
        if (httpsUser.isBlank()) {
            throw new IllegalArgumentException("httpsUser must not be blank");
        }
    }

    /**
     * A repository URL, or a text holding URLs, without the user information of any {@code scheme://} URL:
     * safe to print, log or record. An scp-like {@code git@host:path} is left as it is; see
     * {@link RemoteUrl#withoutCredentials} for the rules.
     */
    public static String removedFrom(String text) {
        return RemoteUrl.withoutCredentials(text);
    }

    /** No credentials: public repositories, local paths and {@code git://}. */
    public static Credentials none() {
        return new Credentials(Optional.empty(), Optional.empty(), false, Optional.empty(), DEFAULT_HTTPS_USER);
    }
}
