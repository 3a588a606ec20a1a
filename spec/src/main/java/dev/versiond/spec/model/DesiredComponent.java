package dev.versiond.spec.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a target asks of one component: the version to run and the config values its templates
 * are rendered with.
 *
 * @param config values from YAML: strings, numbers, booleans, lists and maps of them
 */
public record DesiredComponent(String component, Version version, Map<String, Object> config, Position position) {
    public DesiredComponent {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        Objects.requireNonNull(position, "position");
    }
}
