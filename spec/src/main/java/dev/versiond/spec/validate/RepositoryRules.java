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
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import java.util.stream.Collectors;

/**
 * The rules that look across files, run after every file has been read on its own: dependencies
 * name existing components and form no cycle (and a warning when no target gives a version that
 * satisfies one); targets name existing components and declared
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
    private final BiFunction<Component, Version, List<ConfigUse>> configUses;
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
     * @param versionPosition where a target entry's {@code version:} value is (an entry's own position otherwise)
     */
    public record Facts(Map<String, Component> components, List<Target> targets,
                        Map<String, ? extends Collection<Version>> declared, Set<String> unreadSelectors,
                        Function<DesiredComponent, Position> versionPosition) {
        // Wrapped, not copied: the loader builds these afresh for every load and never changes them
        // afterwards, and copying thousands of entries per load would be most of a warm re-load.
        public Facts {
            components = components instanceof SortedMap<String, Component> sorted
                    ? Collections.unmodifiableSortedMap(sorted) : Collections.unmodifiableMap(components);
            targets = Collections.unmodifiableList(targets);
            declared = Collections.unmodifiableMap(declared);
            unreadSelectors = Collections.unmodifiableSet(unreadSelectors);
            Objects.requireNonNull(versionPosition, "versionPosition");
        }
    }

    private RepositoryRules(Facts facts, BiFunction<Component, Version, List<ConfigUse>> configUses) {
        this.facts = facts;
        this.components = facts.components();
        this.targets = facts.targets();
        this.declared = facts.declared();
        this.configUses = configUses;
    }

    /**
     * Checks the cross-file rules.
     *
     * @param configUses the config values a component's templates use at a version: {@link #configUses},
     *     possibly memoised by the caller (it is asked once per target entry)
     * @return the problems found, unsorted
     */
    public static List<Diagnostic> check(Facts facts, BiFunction<Component, Version, List<ConfigUse>> configUses) {
        RepositoryRules rules = new RepositoryRules(facts, configUses);
        rules.dependencies();
        rules.targets();
        rules.overlaps();
        rules.rollbackTimes();
        return rules.out;
    }

    /**
     * The cross-file rules one host's share can be checked by ({@link dev.versiond.spec.load.SpecLoader#loadShare}):
     * its components' dependencies name existing components and form no cycle; its targets name
     * existing components and declared versions and give every config value their templates use;
     * the rollback-time warnings of its migrations. Left to {@link #check} (the whole repository, in
     * CI): the overlap of targets' selectors (on a host, two targets naming one component are
     * blocked by the planner instead, for that host exactly) and the warning for a dependency no
     * target satisfies.
     *
     * @param facts the share: its components, this host's targets, the versions its folders declare
     */
    public static List<Diagnostic> checkShare(Facts facts, BiFunction<Component, Version, List<ConfigUse>> configUses) {
        RepositoryRules rules = new RepositoryRules(facts, configUses);
        rules.unknownDependencies();
        rules.cycles();
        rules.targets();
        rules.rollbackTimes();
        return rules.out;
    }

    // ---- rto ----------------------------------------------------------------------------------

    /** A migration whose worst-case rollback is longer than the recovery-time objective it declares. */
    private void rollbackTimes() {
        for (Component c : components.values()) {
            for (Migration m : c.migrations().values()) {
                if (m.rto().isEmpty()) {
                    continue;
                }
                java.time.Duration worst = RollbackTime.worstCase(c, m);
                if (worst.compareTo(m.rto().get()) > 0) {
                    out.add(Diagnostic.warning(m.position(), "the worst case of rolling back " + c.name() + " " + m.version()
                            + " is " + dev.versiond.spec.model.Durations.format(worst) + " (the timeouts of its "
                            + (m.down().isEmpty() ? "up steps' inverses" : "down steps") + " and the verify deadlines "
                            + "of the version below), longer than its rto of "
                            + dev.versiond.spec.model.Durations.format(m.rto().get())
                            + ": shorten those timeouts or raise the rto"));
                }
            }
        }
    }

    // ---- dependsOn ----------------------------------------------------------------------------

    private void dependencies() {
        unknownDependencies();
        cycles();
        unsatisfiable();
    }

    private void unknownDependencies() {
        for (Component c : components.values()) {
            for (Dependency d : c.dependsOn()) {
                if (!declared.containsKey(d.component())) {
                    out.add(Diagnostic.error(d.position(), "component '" + c.name() + "' depends on unknown component '"
                            + d.component() + "'" + Suggestions.didYouMean(d.component(), declared.keySet())
                            + ": expected a folder components/" + d.component() + "/ with a component.yaml"));
                }
            }
        }
    }

    /**
     * A dependency on a component that targets give, but none at a version the constraint accepts:
     * wherever the dependent component goes with it, it waits for ever (a warning: a host may get the
     * dependency from outside this repository's targets).
     */
    private void unsatisfiable() {
        Map<String, List<String>> desired = new HashMap<>();
        Map<String, List<Version>> versions = new HashMap<>();
        for (Target t : targets) {
            for (DesiredComponent d : t.components().values()) {
                desired.computeIfAbsent(d.component(), k -> new ArrayList<>(2)).add(d.version() + " in " + t.name());
                versions.computeIfAbsent(d.component(), k -> new ArrayList<>(2)).add(d.version());
            }
        }
        for (Component c : components.values()) {
            for (Dependency d : c.dependsOn()) {
                List<Version> given = versions.get(d.component());
                if (given != null && given.stream().noneMatch(d.constraint()::isSatisfiedBy)) {
                    out.add(Diagnostic.warning(d.position(), "no target gives component '" + d.component()
                            + "' a version that satisfies '" + d.constraint() + "' (given: "
                            + String.join(", ", desired.get(d.component())) + "): component '" + c.name()
                            + "' would wait for it for ever"));
                }
            }
        }
    }

    /** Depth-first search in name order; each back edge is one cycle, reported at the dependency that closes it. */
    private void cycles() {
        Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the stack, 2: done
        // In name order; the loader hands in a sorted map, so this is no copy.
        for (String start : components instanceof SortedMap<?, ?> ? components.keySet() : new TreeMap<>(components).keySet()) {
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
                    out.add(Diagnostic.error(facts.versionPosition().apply(d), "target '" + t.name()
                            + "' asks for version " + d.version()
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
        for (ConfigUse use : configUses.apply(c, d.version())) {
            if (!has(d.config(), use.path())) {
                out.add(Diagnostic.error(d.position(), "target '" + t.name() + "' gives component '"
                        + d.component() + "' no config value '" + String.join(".", use.path())
                        + "', which template " + use.template() + " uses ({{" + use.variable() + "}})"));
            } else if (use.asValue()) {
                Object value = get(d.config(), use.path());
                // A secret reference is a map here, and a string once the agent has resolved it.
                if (value instanceof Map<?, ?> && !SecretNames.isReference(value) || value instanceof List<?>) {
                    out.add(Diagnostic.warning(d.position(), "target '" + t.name() + "' gives component '"
                            + d.component() + "' config value '" + String.join(".", use.path()) + "' as "
                            + (value instanceof Map<?, ?> ? "a mapping" : "a list") + ", but template "
                            + use.template() + " renders it as a single value ({{" + use.variable()
                            + "}}), which prints it as " + value + "; use a section ({{#" + use.variable()
                            + "}}...{{/" + use.variable() + "}}) or name a key inside it"));
                }
            }
        }
    }

    /**
     * The {@code config.*} values that the templates a component may render up to {@code version} use:
     * its config files' and onChange steps', and the file steps' of every migration up to that version
     * (a host moving up runs them). Each variable once, from the first template that uses it.
     *
     * @param variables the variables a template uses ({@link dev.versiond.spec.template.Templates#variables})
     */
    public static List<ConfigUse> configUses(Component c, Version version, Function<TemplateRef, Set<String>> variables) {
        return configUses(c, version, variables, variables);
    }

    /**
     * {@link #configUses(Component, Version, Function)}, telling uses as values from uses as sections only.
     *
     * @param values the variables a template uses as values ({@link dev.versiond.spec.template.Templates.Uses#values})
     */
    public static List<ConfigUse> configUses(Component c, Version version, Function<TemplateRef, Set<String>> variables,
                                             Function<TemplateRef, Set<String>> values) {
        Map<String, TemplateRef> used = new LinkedHashMap<>();
        collect(c.config().files(), used);
        collect(c.config().onChange(), used);
        for (Migration m : c.migrations().headMap(version, true).values()) {
            collect(m.up(), used);
            collect(m.down(), used);
        }
        Map<String, ConfigUse> uses = new LinkedHashMap<>();
        for (TemplateRef template : used.values()) {
            Set<String> asValues = values.apply(template);
            for (String variable : variables.apply(template)) {
                if (variable.startsWith("config.") && !uses.containsKey(variable)) {
                    uses.put(variable, new ConfigUse(variable, template.path(),
                            List.of(variable.substring("config.".length()).split("\\.", -1)),
                            asValues.contains(variable)));
                }
            }
        }
        return List.copyOf(uses.values());
    }

    private static void collect(List<? extends Step> steps, Map<String, TemplateRef> used) {
        for (Step s : steps) {
            if (s instanceof FileStep f) {
                f.template().ifPresent(r -> used.putIfAbsent(r.path(), r));
            }
        }
    }

    /** The value at a path that {@link #has} the config. */
    private static Object get(Map<String, Object> config, List<String> path) {
        Object current = config;
        for (String key : path) {
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }

    private static boolean has(Map<String, Object> config, List<String> path) {
        Object current = config;
        for (String key : path) {
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
