package dev.versiond.spec.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which hosts get which versions ({@code targets/<name>.yaml}).
 *
 * @param components desired version and config per component name
 * @param rollout optional staged rollout across the selected hosts
 * @param windows maintenance windows; none means always open
 * @param selfHeal whether drift in managed files and links is corrected, not only reported
 */
public record Target(String name, Selector selector, Map<String, DesiredComponent> components,
                     Optional<Rollout> rollout, List<Window> windows, boolean selfHeal, String file,
                     Position position) {
    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(selector, "selector");
        components = java.util.Collections.unmodifiableMap(new TreeMap<>(components));
        Objects.requireNonNull(rollout, "rollout");
        windows = List.copyOf(windows);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(position, "position");
    }

    /** Whether changes may be applied at {@code now}: no windows, or one of them open. */
    public boolean isWindowOpen(Instant now) {
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.isOpen(now));
    }

    /** The next time one of the windows opens, when all are closed now. */
    public Optional<Instant> nextWindowOpening(Instant now) {
        return windows.stream().map(w -> w.nextOpening(now)).flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
    }
}
