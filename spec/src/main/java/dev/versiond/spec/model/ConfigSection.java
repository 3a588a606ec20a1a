package dev.versiond.spec.model;

import java.util.List;

/**
 * Convergent configuration of a component: files that depend only on config values (not on a
 * version transition). Whenever one's rendered content differs from the host, it is rewritten and
 * the {@code onChange} steps run once (e.g. reload the service).
 */
public record ConfigSection(List<FileStep> files, List<Step> onChange) {
    public ConfigSection {
        files = List.copyOf(files);
        onChange = List.copyOf(onChange);
    }

    public static ConfigSection empty() {
        return new ConfigSection(List.of(), List.of());
    }

    public boolean isEmpty() {
        return files.isEmpty() && onChange.isEmpty();
    }
}
