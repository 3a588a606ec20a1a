package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.secret.Secrets;
import java.util.Map;
import java.util.Objects;

/**
 * What a pass needs to know about this agent.
 *
 * @param allowNonDescendant whether the operator allows moving to a commit that does not descend
 *     from the last one applied (after a deliberate force-push)
 * @param env extra environment for every process a step starts
 * @param root where host paths live, with the allowed roots steps may touch
 * @param secrets resolves the secret references in targets' config values
 * @param maxCommitAge a commit served older than this makes the status report it as stale
 */
public record EngineSettings(HostIdentity host, HostRoot root, boolean allowNonDescendant, Map<String, String> env,
                             Secrets secrets, java.util.Optional<java.time.Duration> maxCommitAge) {
    public EngineSettings {
        Objects.requireNonNull(maxCommitAge, "maxCommitAge");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(root, "root");
        env = Map.copyOf(env);
        Objects.requireNonNull(secrets, "secrets");
    }

    /** Settings without a commit age limit. */
    public EngineSettings(HostIdentity host, HostRoot root, boolean allowNonDescendant, Map<String, String> env,
                          Secrets secrets) {
        this(host, root, allowNonDescendant, env, secrets, java.util.Optional.empty());
    }

    /** Settings reading secrets from the default directory and this process's environment. */
    public EngineSettings(HostIdentity host, HostRoot root, boolean allowNonDescendant, Map<String, String> env) {
        this(host, root, allowNonDescendant, env, Secrets.of(Secrets.DEFAULT_DIR));
    }
}
