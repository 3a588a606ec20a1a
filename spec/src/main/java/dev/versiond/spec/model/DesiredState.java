package dev.versiond.spec.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A whole desired-state repository at one commit: its components and its targets. */
public record DesiredState(Map<String, Component> components, List<Target> targets) {
    public DesiredState {
        components = Collections.unmodifiableMap(new TreeMap<>(components));
        targets = List.copyOf(targets);
    }

    public Optional<Component> component(String name) {
        return Optional.ofNullable(components.get(name));
    }

    /** The targets whose selector matches this host, in file order. */
    public List<Target> targetsFor(String hostName, Map<String, String> labels) {
        return targets.stream().filter(t -> t.selector().matches(hostName, labels)).toList();
    }
}
