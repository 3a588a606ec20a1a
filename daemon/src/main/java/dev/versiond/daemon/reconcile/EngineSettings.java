package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.plan.HostIdentity;
import java.util.Map;
import java.util.Objects;

/**
 * What a pass needs to know about this agent.
 *
 * @param allowNonDescendant whether the operator allows moving to a commit that does not descend
 *     from the last one applied (after a deliberate force-push)
 * @param env extra environment for every process a step starts
 */
public record EngineSettings(HostIdentity host, HostRoot root, boolean allowNonDescendant, Map<String, String> env) {
    public EngineSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(root, "root");
        env = Map.copyOf(env);
    }
}
