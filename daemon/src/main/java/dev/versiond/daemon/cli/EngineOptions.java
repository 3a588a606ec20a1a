package dev.versiond.daemon.cli;

import java.util.Optional;
import dev.versiond.daemon.source.SignaturePolicy;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options {@code plan} and {@code apply} share: where the desired state is, and who this host is. */
final class EngineOptions {
    /** Where state lives when {@code --state} is not given (systemd's StateDirectory). */
    static final String DEFAULT_STATE = "/var/lib/versiond";

    @Option(names = "--repo", required = true, paramLabel = "URL|DIR",
            description = "Git URL (file://, https://, ssh://, git://) or path to a Git repository; "
                    + "`plan` also takes a plain directory (a preview of uncommitted work).")
    String repo;

    @Option(names = "--ref", defaultValue = "main", paramLabel = "REF",
            description = "Branch, tag or full ref to follow (default: ${DEFAULT-VALUE}).")
    String ref;

    @Option(names = "--path", defaultValue = "", paramLabel = "SUBDIR",
            description = "Directory of the repository that holds the desired state (default: the root).")
    String path;

    @Option(names = "--state", defaultValue = DEFAULT_STATE, paramLabel = "DIR",
            description = "State directory: state.db, the Git mirror, the lock (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--root", defaultValue = "/", paramLabel = "DIR",
            description = "Prefix for every host path steps touch, to run unprivileged against a scratch directory "
                    + "(default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--host", paramLabel = "NAME", description = "Host name for target selectors (default: this machine's).")
    String host;

    @Option(names = "--label", paramLabel = "K=V", description = "A host label for target selectors (repeatable).")
    List<String> labels = List.of();

    @Option(names = "--systemctl", defaultValue = "systemctl", paramLabel = "CMD",
            description = "Command service steps run, split on spaces (default: ${DEFAULT-VALUE}).")
    String systemctl;

    @Option(names = "--allow-non-descendant",
            description = "Allow moving to a commit that does not descend from the last one applied (after a deliberate force-push).")
    boolean allowNonDescendant;

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

    Engine.Options toEngineOptions(boolean allowPlainDirectory) {
        return new Engine.Options(repo, ref, path, state, root, new HostIdentity(hostName(host), parseLabels(labels)),
                Arrays.asList(systemctl.trim().split("\\s+")), allowNonDescendant, allowPlainDirectory,
                new Credentials(Optional.ofNullable(sshKey), Optional.ofNullable(knownHosts), acceptNewHostKeys,
                        Optional.ofNullable(httpsTokenFile), httpsUser), signatures());
    }

    private SignaturePolicy signatures() {
        try {
            return SignaturePolicy.of(Optional.ofNullable(verifySignatures).map(SignaturePolicy.Mode::parse),
                    Optional.ofNullable(trustedKeys), Optional.ofNullable(allowedSigners));
        } catch (IllegalArgumentException e) {
            throw new VersiondException(ErrorCode.USAGE, "--verify-signatures: " + e.getMessage());
        }
    }

    static String hostName(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) {
                return env;
            }
            throw new VersiondException(ErrorCode.USAGE, "cannot tell this machine's host name; pass --host");
        }
    }

    static Map<String, String> parseLabels(List<String> labels) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw new VersiondException(ErrorCode.USAGE, "--label takes K=V, got '" + label + "'");
            }
            parsed.put(label.substring(0, eq).trim(), label.substring(eq + 1).trim());
        }
        return parsed;
    }
}
