package dev.versiond.daemon.state;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything this host has recorded that planning needs, read in one go.
 *
 * @param lastAppliedCommit the last commit a pass applied (for the descendant check)
 * @param pendingPriors priors captured by up steps whose version is not yet recorded as applied,
 *     keyed by {@link #stepKey}: left by a pass that failed or died mid-version, they are reused
 *     when the step runs again, so a retried step never captures its own half-done work as "before"
 */
public record RecordedState(Map<String, RecordedComponent> components, Map<String, Blocked> blocked,
                            Map<String, Managed> managed, Optional<String> lastAppliedCommit,
                            Map<String, String> pendingPriors) {
    public RecordedState {
        components = Collections.unmodifiableMap(new TreeMap<>(components));
        blocked = Collections.unmodifiableMap(new TreeMap<>(blocked));
        managed = Collections.unmodifiableMap(new TreeMap<>(managed));
        pendingPriors = Map.copyOf(pendingPriors);
    }

    public static RecordedState empty() {
        return new RecordedState(Map.of(), Map.of(), Map.of(), Optional.empty(), Map.of());
    }

    /** The key of a step in {@link #pendingPriors}. */
    public static String stepKey(String component, String version, String stepId) {
        return component + "/" + version + "/" + stepId;
    }

    public Optional<RecordedComponent> component(String name) {
        return Optional.ofNullable(components.get(name));
    }
}
