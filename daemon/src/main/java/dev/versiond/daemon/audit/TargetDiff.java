package dev.versiond.daemon.audit;

import dev.versiond.spec.model.DesiredComponent;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a commit changed in the targets: per target and component, version and config. Pure. */
final class TargetDiff {
    private TargetDiff() {
    }

    /** The changes from {@code before} (empty: the repository's first commit) to {@code after}, sorted. */
    static List<TargetChange> between(Optional<DesiredState> before, DesiredState after) {
        Map<String, Target> old = byName(before.map(DesiredState::targets).orElse(List.of()));
        Map<String, Target> now = byName(after.targets());
        TreeSet<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        List<TargetChange> out = new ArrayList<>();
        for (String target : names) {
            Map<String, DesiredComponent> was = components(old.get(target));
            Map<String, DesiredComponent> is = components(now.get(target));
            TreeSet<String> all = new TreeSet<>(was.keySet());
            all.addAll(is.keySet());
            for (String component : all) {
                Optional<DesiredComponent> a = Optional.ofNullable(was.get(component));
                Optional<DesiredComponent> b = Optional.ofNullable(is.get(component));
                Optional<String> from = a.map(c -> c.version().toString());
                Optional<String> to = b.map(c -> c.version().toString());
                boolean config = a.isPresent() && b.isPresent() && !a.get().config().equals(b.get().config());
                if (!from.equals(to) || config) {
                    out.add(new TargetChange(target, component, from, to, config));
                }
            }
        }
        return out;
    }

    private static Map<String, Target> byName(List<Target> targets) {
        Map<String, Target> out = new TreeMap<>();
        targets.forEach(t -> out.put(t.name(), t));
        return out;
    }

    private static Map<String, DesiredComponent> components(Target target) {
        return target == null ? Map.of() : target.components();
    }
}
