package dev.versiond.daemon.testing;

import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.model.DesiredState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Desired-state repositories written as YAML in tests: a builder of files, loaded with the real
 * loader (so tests exercise the language as users write it), failing loudly on any error.
 */
public final class Specs {
    private final Map<String, String> files = new LinkedHashMap<>();

    public static Specs repo() {
        return new Specs();
    }

    public Specs file(String path, String text) {
        files.put(path, text);
        return this;
    }

    public Specs component(String name, String yamlBody) {
        return file("components/" + name + "/component.yaml", "kind: Component\nname: " + name + "\n" + yamlBody);
    }

    public Specs migration(String component, String version, String yamlBody) {
        return file("components/" + component + "/migrations/" + version + ".yaml",
                "kind: Migration\nversion: " + version + "\n" + yamlBody);
    }

    public Specs target(String name, String yamlBody) {
        return file("targets/" + name + ".yaml", "kind: Target\nname: " + name + "\n" + yamlBody);
    }

    public Specs without(String path) {
        files.remove(path);
        return this;
    }

    public Map<String, String> files() {
        return Map.copyOf(files);
    }

    public MemoryTree tree() {
        return new MemoryTree(files);
    }

    public DesiredState load() {
        LoadResult result = new SpecLoader().load(tree());
        if (result.hasErrors()) {
            throw new AssertionError("test repository has errors:\n" + String.join("\n",
                    result.diagnostics().stream().map(Object::toString).toList()));
        }
        return result.state().orElseThrow();
    }
}
