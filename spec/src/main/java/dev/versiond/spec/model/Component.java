package dev.versiond.spec.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A unit of software on a host ({@code components/<name>/component.yaml}) with its migrations,
 * ordered by SemVer precedence.
 */
public record Component(String name, Optional<String> description, List<Dependency> dependsOn,
                        ConfigSection config, NavigableMap<Version, Migration> migrations, String file,
                        Position position) {
    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(config, "config");
        migrations = Collections.unmodifiableNavigableMap(new TreeMap<>(migrations));
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(position, "position");
    }

    public Optional<Migration> migration(Version version) {
        return Optional.ofNullable(migrations.get(version));
    }

    /** The declared versions in (from, to], ascending; {@code from} empty means from nothing. */
    public List<Migration> between(Optional<Version> from, Version to) {
        NavigableMap<Version, Migration> upTo = migrations.headMap(to, true);
        return List.copyOf((from.isPresent() ? upTo.tailMap(from.get(), false) : upTo).values());
    }

    public Map<String, Dependency> dependencyMap() {
        Map<String, Dependency> m = new TreeMap<>();
        dependsOn.forEach(d -> m.put(d.component(), d));
        return m;
    }
}
