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
 * @param pending up steps started while their version was not recorded, keyed by {@link #stepKey}:
 *     left by a pass that died mid-version, they are re-run with their original prior (so a retried
 *     step never captures its own half-done work as "before"), or reversed when the new plan does
 *     not go through their version
 * @param reversed steps of recorded versions that a downgrade already reversed, keyed by
 *     {@link #reversedKey}: a downgrade resumed after a crash does not run them again
 */
public record RecordedState(Map<String, RecordedComponent> components, Map<String, Blocked> blocked,
                            Map<String, Managed> managed, Optional<String> lastAppliedCommit,
                            Map<String, PendingStep> pending, java.util.Set<String> reversed) {
    public RecordedState {
        components = Collections.unmodifiableMap(new TreeMap<>(components));
        blocked = Collections.unmodifiableMap(new TreeMap<>(blocked));
        managed = Collections.unmodifiableMap(new TreeMap<>(managed));
        pending = Map.copyOf(pending);
        reversed = java.util.Set.copyOf(reversed);
    }

    public RecordedState(Map<String, RecordedComponent> components, Map<String, Blocked> blocked,
                         Map<String, Managed> managed, Optional<String> lastAppliedCommit,
                         Map<String, PendingStep> pending) {
        this(components, blocked, managed, lastAppliedCommit, pending, java.util.Set.of());
    }

    /** The key of a step in {@link #reversed}: {@code component/version/section/step}. */
    public static String reversedKey(String component, String version, String section, String stepId) {
        return component + "/" + version + "/" + section + "/" + stepId;
    }

    public static RecordedState empty() {
        return new RecordedState(Map.of(), Map.of(), Map.of(), Optional.empty(), Map.of(), java.util.Set.of());
    }

    /** The key of a step in {@link #pending}. */
    public static String stepKey(String component, String version, String stepId) {
        return component + "/" + version + "/" + stepId;
    }

    public Optional<RecordedComponent> component(String name) {
        return Optional.ofNullable(components.get(name));
    }
}
