package dev.versiond.daemon.state;

import dev.versiond.spec.model.Version;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A component as recorded on this host: its current version, the commit that put it there, and
 * every version applied up to it (ascending), with their recorded steps.
 */
public record RecordedComponent(String name, Version version, String commit,
                                NavigableMap<Version, AppliedVersion> applied) {
    public RecordedComponent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(commit, "commit");
        applied = Collections.unmodifiableNavigableMap(new TreeMap<>(applied));
    }
}
