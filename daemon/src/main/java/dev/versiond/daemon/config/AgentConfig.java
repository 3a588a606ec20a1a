package dev.versiond.daemon.config;

import dev.versiond.daemon.notify.NotifySettings;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.source.FetchLimits;
import dev.versiond.daemon.source.SignaturePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything {@code versiond run} is configured with, validated, loaded once by {@link AgentConfigLoader}.
 *
 * @param repo the URL (or path) of the desired-state Git repository
 * @param ref the branch followed
 * @param path the directory inside the repository holding {@code components/} and {@code targets/}, empty for its root
 * @param stateDir where the state store lives (one process per directory)
 * @param root prefixed to every host path the steps touch
 * @param host this host's name as targets select it
 * @param labels this host's labels as targets select them
 * @param systemctl the command run for {@code service} steps
 * @param allowNonDescendant whether a commit that does not descend from the last applied one may be applied
 * @param interval the time between polls of the remote
 * @param jitterPercent how far (0–100 %) each delay may stray from {@code interval}, so a fleet does not poll in step
 * @param http where the HTTP API listens
 * @param tokenFile the file holding the bearer token of the mutating endpoints; without one they are refused
 * @param grace how long a running pass may go on after SIGTERM before the process exits anyway
 * @param signatures which commits must be signed by which keys ({@code verify-signatures}, {@code trusted-keys},
 *     {@code allowed-signers}); {@code head} by default as soon as keys are configured, {@code off} otherwise
 * @param credentials the deploy key and known_hosts for SSH, the token file for HTTPS
 * @param secretsDir where {@code secretFile} references in targets' config values are read from
 * @param allowedRoots the host paths steps may touch (absolute, normalised); empty: everywhere
 * @param fetchLimits the most bytes one fetch may bring ({@code fetch-max-bytes}) and how long it may take
 *     ({@code fetch-max-duration})
 * @param databasesFile the YAML file naming the databases {@code sql} steps may use (JDBC URL, user,
 *     password as a secret reference); without one, sql steps reach only SQLite files on the host
 * @param status host status in Git ({@code status}, {@code status-repo}, …); empty: off
 * @param maxCommitAge a commit older than this is reported {@code Stale} (a remote frozen on an old commit)
 * @param notifications where notifications of rollbacks, failures and recoveries go ({@code notify-*})
 * @param hookSecretFile the file holding the shared secret of {@code POST /hooks/git}; without one it is refused
 * @param logFormat one line per event (journald) or JSON lines (log shippers)
 */
public record AgentConfig(String repo, String ref, Optional<String> path, Path stateDir, Path root, String host,
                          Map<String, String> labels, String systemctl, boolean allowNonDescendant, Duration interval,
                          int jitterPercent, HttpAddress http, Optional<Path> tokenFile, Duration grace,
                          SignaturePolicy signatures, Credentials credentials, Path secretsDir,
                          List<String> allowedRoots, FetchLimits fetchLimits, Optional<Path> databasesFile,
                          Optional<StatusConfig> status, Optional<Duration> maxCommitAge, NotifySettings notifications,
                          Optional<Path> hookSecretFile, LogFormat logFormat) {

    public static final String DEFAULT_REF = "main";
    /** {@link #DEFAULT_STATE_DIR} as text, for option defaults (systemd's StateDirectory). */
    public static final String DEFAULT_STATE_DIR_TEXT = "/var/lib/versiond";
    public static final Path DEFAULT_STATE_DIR = Path.of(DEFAULT_STATE_DIR_TEXT);
    public static final Path DEFAULT_ROOT = Path.of("/");
    public static final String DEFAULT_SYSTEMCTL = "systemctl";
    public static final boolean DEFAULT_ALLOW_NON_DESCENDANT = false;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_JITTER_PERCENT = 10;
    /** Loopback: the API is reachable from other hosts only when {@code http} says so. */
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 9713;
    /** {@link #DEFAULT_HTTP} as {@code HOST:PORT}, for option defaults and messages. */
    public static final String DEFAULT_HTTP_TEXT = DEFAULT_HTTP_HOST + ":" + DEFAULT_HTTP_PORT;
    public static final HttpAddress DEFAULT_HTTP = new HttpAddress(DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    /** {@link #DEFAULT_SECRETS_DIR} as text, for option defaults. */
    public static final String DEFAULT_SECRETS_DIR_TEXT = "/etc/versiond/secrets";
    public static final Path DEFAULT_SECRETS_DIR = Path.of(DEFAULT_SECRETS_DIR_TEXT);
    public static final LogFormat DEFAULT_LOG_FORMAT = LogFormat.LINE;
    /** Polling faster than this hammers the remote for nothing. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    public AgentConfig {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(host, "host");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(systemctl, "systemctl");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(signatures, "signatures");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(secretsDir, "secretsDir");
        allowedRoots = List.copyOf(allowedRoots);
        Objects.requireNonNull(fetchLimits, "fetchLimits");
        Objects.requireNonNull(databasesFile, "databasesFile");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(maxCommitAge, "maxCommitAge");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(hookSecretFile, "hookSecretFile");
        Objects.requireNonNull(logFormat, "logFormat");
        if (jitterPercent < 0 || jitterPercent > 100) {
            throw new IllegalArgumentException("jitterPercent out of 0..100: " + jitterPercent);
        }
    }

    /** {@link #repo} without its user information ({@code https://user:token@host/...}): safe to print or log. */
    public String displayRepo() {
        return Credentials.removedFrom(repo);
    }
}
