package dev.versiond.daemon.plan;

import java.util.Map;
import java.util.Objects;

/** Who this host is, for target selectors and rollout waves. */
public record HostIdentity(String name, Map<String, String> labels) {
    public HostIdentity {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }
}
