package dev.versiond.spec.validate;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.Dependency;
import dev.versiond.spec.model.DesiredComponent;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Target;
import dev.versiond.spec.model.TemplateRef;
import dev.versiond.spec.model.Version;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules that look across files, run after every file has been read on its own: dependencies
 * name existing components and form no cycle; targets name existing components and declared
 * versions, give every {@code config.*} value the component's templates use, and do not give one
 * component to two targets whose selectors may overlap.
 *
 * <p>Each rule is linear in the size of the repository (the overlap rule compares each pair of
 * targets once), so a large repository re-validates quickly after a one-file change.
 */
public final class RepositoryRules {
    private final Map<String, Component> components;
    private final List<Target> targets;
    private final Map<String, ? extends Collection<Version>> declared;
    private final Function<TemplateRef, Set<String>> variables;
    private final Facts facts;
    private final List<Diagnostic> out = new ArrayList<>();

    /**
     * What the rules look at: the repository as far as its files could be read.
     *
     * @param components the components, with their migrations, as far as their files could be read
     * @param targets the targets as far as their files could be read, in file order
     * @param declared every component that has a component.yaml (valid or not), with the versions its
     *     migration files declare; names in here are not reported as unknown even when their files have errors
     * @param unreadSelectors names of targets whose selector had errors: left out of the overlap rule
     * @param versionPositions where each target entry's {@code version:} value is, by the entry's position
     */
    public record Facts(Map<String, Component> components, List<Target> targets,
                        Map<String, ? extends Collection<Version>> declared, Set<String> unreadSelectors,
                        Map<Position, Position> versionPositions) {
        public Facts {
            components = Map.copyOf(components);
            targets = List.copyOf(targets);
            declared = Map.copyOf(declared);
            unreadSelectors = Set.copyOf(unreadSelectors);
            versionPositions = Map.copyOf(versionPositions);
        }
    }

    private RepositoryRules(Facts facts, Function<TemplateRef, Set<String>> variables) {
        this.facts = facts;
        this.components = facts.components();
        this.targets = facts.targets();
        this.declared = facts.declared();
        this.variables = variables;
    }

    /**
     * Checks the cross-file rules.
     *
     * @param variables the variables a template uses ({@link dev.versiond.spec.template.Templates#variables})
     * @return the problems found, unsorted
     */
    public static List<Diagnostic> check(Facts facts, Function<TemplateRef, Set<String>> variables) {
        RepositoryRules rules = new RepositoryRules(facts, variables);
        rules.dependencies();
        rules.targets();
        rules.overlaps();
        return rules.out;
    }

    // ---- dependsOn ----------------------------------------------------------------------------

    private void dependencies() {
        for (Component c : components.values()) {
            for (Dependency d : c.dependsOn()) {
                if (!declared.containsKey(d.component())) {
                    out.add(Diagnostic.error(d.position(), "component '" + c.name() + "' depends on unknown component '"
                            + d.component() + "'" + Suggestions.didYouMean(d.component(), declared.keySet())
                            + ": expected a folder components/" + d.component() + "/ with a component.yaml"));
                }
            }
        }
        cycles();
    }

    /** Depth-first search in name order; each back edge is one cycle, reported at the dependency that closes it. */
    private void cycles() {
        Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the stack, 2: done
        for (String start : new TreeMap<>(components).keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Deque<Iterator<Dependency>> edges = new ArrayDeque<>();
            state.put(start, 1);
            path.addLast(start);
            edges.addLast(components.get(start).dependsOn().iterator());
            while (!edges.isEmpty()) {
                Iterator<Dependency> it = edges.peekLast();
                if (!it.hasNext()) {
                    state.put(path.removeLast(), 2);
                    edges.removeLast();
                    continue;
                }
                Dependency d = it.next();
                Component next = components.get(d.component());
                if (next == null) {
                    continue;
                }
                Integer s = state.get(next.name());
                if (s == null) {
                    state.put(next.name(), 1);
                    path.addLast(next.name());
                    edges.addLast(next.dependsOn().iterator());
                } else if (s == 1) {
                    List<String> cycle = new ArrayList<>();
                    boolean in = false;
                    for (String name : path) {
                        in |= name.equals(next.name());
                        if (in) {
                            cycle.add(name);
                        }
                    }
                    cycle.add(next.name());
                    out.add(Diagnostic.error(d.position(), "dependency cycle: " + String.join(" -> ", cycle)
                            + " (dependsOn must form no cycle)"));
                }
            }
        }
    }

    // ---- targets ------------------------------------------------------------------------------

    private void targets() {
        for (Target t : targets) {
            for (DesiredComponent d : t.components().values()) {
                Collection<Version> versions = declared.get(d.component());
                if (versions == null) {
                    out.add(Diagnostic.error(d.position(), "target '" + t.name() + "' names unknown component '"
                            + d.component() + "'" + Suggestions.didYouMean(d.component(), declared.keySet())
                            + ": expected a folder components/" + d.component() + "/ with a component.yaml"));
                    continue;
                }
                if (!versions.contains(d.version())) {
                    out.add(Diagnostic.error(facts.versionPositions().getOrDefault(d.position(), d.position()), "target '" + t.name() + "' asks for version " + d.version()
                            + " of component '" + d.component() + "', which has no migration "
                            + "components/" + d.component() + "/migrations/" + d.version() + ".yaml (declared: "
                            + (versions.isEmpty() ? "none" : versions.stream().sorted().map(Version::toString)
                                    .collect(Collectors.joining(", "))) + ")"));
                    continue;
                }
                Component c = components.get(d.component());
                if (c != null) {
                    templateValues(t, d, c);
                }
            }
        }
    }

    /** Every config.* variable used by a template the component may render for this target must be given. */
    private void templateValues(Target t, DesiredComponent d, Component c) {
        Map<String, TemplateRef> used = new LinkedHashMap<>();
        c.config().files().forEach(f -> f.template().ifPresent(r -> used.putIfAbsent(r.path(), r)));
        for (Migration m : c.migrations().headMap(d.version(), true).values()) {
            collect(m.up(), used);
            collect(m.down(), used);
        }
        c.config().onChange().forEach(s -> collect(List.of(s), used));
        Set<String> reported = new java.util.HashSet<>();
        for (TemplateRef template : used.values()) {
            for (String variable : variables.apply(template)) {
                if (!variable.startsWith("config.") || reported.contains(variable)) {
                    continue;
                }
                if (!has(d.config(), variable.substring("config.".length()))) {
                    reported.add(variable);
                    out.add(Diagnostic.error(d.position(), "target '" + t.name() + "' gives component '"
                            + d.component() + "' no config value '" + variable.substring("config.".length())
                            + "', which template " + template.path() + " uses ({{" + variable + "}})"));
                }
            }
        }
    }

    private static void collect(List<Step> steps, Map<String, TemplateRef> used) {
        for (Step s : steps) {
            if (s instanceof FileStep f) {
                f.template().ifPresent(r -> used.putIfAbsent(r.path(), r));
            }
        }
    }

    private static boolean has(Map<String, Object> config, String dotted) {
        Object current = config;
        for (String key : dotted.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            current = map.get(key);
        }
        return true;
    }

    // ---- overlapping targets ------------------------------------------------------------------

    private void overlaps() {
        Map<String, List<Integer>> byComponent = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            if (facts.unreadSelectors().contains(targets.get(i).name())) {
                continue;
            }
            for (String c : targets.get(i).components().keySet()) {
                byComponent.computeIfAbsent(c, k -> new ArrayList<>(2)).add(i);
            }
        }
        Map<Long, Boolean> overlap = new HashMap<>();
        for (int j = 0; j < targets.size(); j++) {
            Target second = targets.get(j);
            if (facts.unreadSelectors().contains(second.name())) {
                continue;
            }
            for (DesiredComponent d : second.components().values()) {
                for (int i : byComponent.get(d.component())) {
                    if (i >= j) {
                        break;
                    }
                    Target first = targets.get(i);
                    long key = (long) i * targets.size() + j;
                    if (overlap.computeIfAbsent(key, k -> first.selector().mayOverlap(second.selector()))) {
                        out.add(Diagnostic.error(d.position(), "target '" + second.name() + "' gives component '"
                                + d.component() + "' to hosts that target '" + first.name() + "' (" + first.file()
                                + ") may also select: a host must get each component from one target only; "
                                + "make the selectors disjoint (hosts or labels)"));
                        break;
                    }
                }
            }
        }
    }
}
