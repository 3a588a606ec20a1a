package dev.versiond.daemon.testing;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a desired-state repository into a {@link GitFixture} in the layout the loader reads
 * ({@code components/<name>/component.yaml}, {@code components/<name>/migrations/<version>.yaml},
 * {@code components/<name>/templates/**}, {@code targets/<name>.yaml}), so a test reads as the
 * repository it builds: YAML text, then {@link #commit}.
 */
public final class Fleet {
    private final GitFixture git;

    private Fleet(GitFixture git) {
        this.git = git;
    }

    public static Fleet in(GitFixture git) {
        return new Fleet(git);
    }

    public GitFixture git() {
        return git;
    }

    /** {@code components/<name>/component.yaml}; {@code kind} and {@code name} are added when missing. */
    public Fleet component(String name, String yaml) {
        git.write("components/" + name + "/component.yaml", withHeader(yaml, "Component", "name: " + name));
        return this;
    }

    /** A component with no config files. */
    public Fleet component(String name) {
        return component(name, "");
    }

    /** {@code components/<component>/migrations/<version>.yaml}; {@code kind} and {@code version} are added when missing. */
    public Fleet migration(String component, String version, String yaml) {
        git.write(migrationPath(component, version), withHeader(yaml, "Migration", "version: " + version));
        return this;
    }

    /** Deletes a migration file from the working tree (committed by the next {@link #commit}). */
    public Fleet deleteMigration(String component, String version) {
        git.delete(migrationPath(component, version));
        return this;
    }

    /** {@code components/<component>/templates/<path>}. */
    public Fleet template(String component, String path, String text) {
        git.write("components/" + component + "/templates/" + path, text);
        return this;
    }

    /** {@code targets/<name>.yaml} as given; {@code kind} and {@code name} are added when missing. */
    public Fleet target(String name, String yaml) {
        git.write("targets/" + name + ".yaml", withHeader(yaml, "Target", "name: " + name));
        return this;
    }

    /**
     * A target for every host that pins components to versions, each with a {@code config} map of
     * string values (may be empty).
     */
    public Fleet pin(String target, Map<String, String> versions, Map<String, Map<String, String>> config) {
        StringBuilder yaml = new StringBuilder("components:\n");
        versions.forEach((component, version) -> {
            yaml.append("  ").append(component).append(":\n    version: ").append(version).append('\n');
            Map<String, String> values = config.getOrDefault(component, Map.of());
            if (!values.isEmpty()) {
                yaml.append("    config:\n").append(values.entrySet().stream()
                        .map(e -> "      " + e.getKey() + ": \"" + e.getValue() + "\"\n")
                        .collect(Collectors.joining()));
            }
        });
        return target(target, yaml.toString());
    }

    /** A target for every host that pins one component to a version. */
    public Fleet pin(String target, String component, String version) {
        return pin(target, Map.of(component, version), Map.of());
    }

    /** Commits everything written since the last commit; returns the commit id. */
    public String commit(String message) {
        return git.commit(message);
    }

    private static String migrationPath(String component, String version) {
        return "components/" + component + "/migrations/" + version + ".yaml";
    }

    private static String withHeader(String yaml, String kind, String identity) {
        StringBuilder out = new StringBuilder();
        if (!yaml.lines().anyMatch(l -> l.startsWith("kind:"))) {
            out.append("kind: ").append(kind).append('\n');
        }
        String key = identity.substring(0, identity.indexOf(':') + 1);
        if (!yaml.lines().anyMatch(l -> l.startsWith(key))) {
            out.append(identity).append('\n');
        }
        return out.append(yaml).toString();
    }
}
