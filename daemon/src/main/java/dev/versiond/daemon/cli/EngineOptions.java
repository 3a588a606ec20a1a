package dev.versiond.daemon.cli;

import dev.versiond.daemon.config.AgentConfig;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code plan} and {@code apply} share: where the desired state is, and who this host is. */
final class EngineOptions {
    @Option(names = "--repo", paramLabel = "URL|DIR",
            description = "Git URL (file://, https://, ssh://, git://) or path to a Git repository; "
                    + "`plan` also takes a plain directory (a preview of uncommitted work). Required by `apply`; "
                    + "`plan` without it shows the running agent's plan.")
    String repo;

    @Option(names = "--ref", defaultValue = "main", paramLabel = "REF",
            description = "Branch, tag or full ref to follow (default: ${DEFAULT-VALUE}).")
    String ref;

    @Option(names = "--path", defaultValue = "", paramLabel = "SUBDIR",
            description = "Directory of the repository that holds the desired state (default: the root).")
    String path;

    @Option(names = "--state", defaultValue = AgentConfig.DEFAULT_STATE_DIR_TEXT, paramLabel = "DIR",
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

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = "--secrets-dir", defaultValue = AgentConfig.DEFAULT_SECRETS_DIR_TEXT, paramLabel = "DIR",
            description = "Where secretFile references in targets' config are read from (default: ${DEFAULT-VALUE}).")
    Path secretsDir;

    @Option(names = "--allowed-root", paramLabel = "DIR",
            description = "A host directory steps may touch (repeatable; default: everywhere under --root).")
    List<String> allowedRoots = List.of();

    @Option(names = "--databases-file", paramLabel = "FILE",
            description = "YAML file naming the databases sql steps may use (url, user, password as a secret reference).")
    Path databasesFile;

    Engine.Options toEngineOptions(boolean allowPlainDirectory) {
        return toEngineOptions(allowPlainDirectory, state);
    }

    /** The engine's options with another state directory than {@code --state} (a preview's scratch one). */
    Engine.Options toEngineOptions(boolean allowPlainDirectory, Path stateDir) {
        if (repo == null || repo.isBlank()) {
            throw new VersiondException(ErrorCode.USAGE, "missing required option --repo=URL|DIR");
        }
        for (String r : allowedRoots) {
            if (!r.startsWith("/")) {
                throw new VersiondException(ErrorCode.USAGE, "--allowed-root takes an absolute path, got '" + r + "'");
            }
        }
        return new Engine.Options(repo, ref, path, stateDir, root, new HostIdentity(hostName(host), parseLabels(labels)),
                Arrays.asList(systemctl.trim().split("\\s+")), allowNonDescendant, allowPlainDirectory,
                trust.credentials(), trust.signatures(), secretsDir, allowedRoots,
                dev.versiond.daemon.source.FetchLimits.defaults(), java.util.Optional.ofNullable(databasesFile), java.util.Optional.empty());
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
