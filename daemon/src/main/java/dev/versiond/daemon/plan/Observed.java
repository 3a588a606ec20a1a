package dev.versiond.daemon.plan;

import java.util.Map;

/**
 * What the host looks like at the paths a plan cares about (managed files and links, config files).
 * Keys are host paths as written in specs; a path not observed is treated as unknown, not absent.
 */
public record Observed(Map<String, HostObject> paths) {
    public Observed {
        paths = Map.copyOf(paths);
    }

    public static Observed nothing() {
        return new Observed(Map.of());
    }

    public HostObject at(String path) {
        return paths.getOrDefault(path, new HostObject.Absent());
    }

    public boolean knows(String path) {
        return paths.containsKey(path);
    }
}
