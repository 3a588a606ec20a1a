package dev.versiond.spec.load;

import dev.versiond.spec.VersiondException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.ConfigSection;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Target;
import dev.versiond.spec.model.TemplateRef;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.template.TemplateException;
import dev.versiond.spec.template.Templates;
import dev.versiond.spec.tree.SpecTree;
import dev.versiond.spec.validate.RepositoryRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a desired-state repository from a {@link SpecTree}: every file is parsed strictly and
 * mapped to the model, then the rules across files are checked, and every problem of the whole
 * repository is reported in one {@link LoadResult} — loading never stops at the first error.
 *
 * <p>An instance keeps a cache of parsed files keyed by path and {@link SpecTree#contentId content id},
 * so a tree whose files have ids (a Git commit) re-parses only the files that changed since an
 * earlier load; the cross-file rules then run over the cached results. The cache is bounded (it
 * keeps the files of the latest loads) and safe to use from several threads.
 */
public final class SpecLoader {
    /** Cache entries kept at most; above this, entries not used by the latest load are dropped. */
    static final int CACHE_LIMIT = 50_000;

    private final Map<String, ParsedFile> files = new ConcurrentHashMap<>();
    private final Map<String, TemplateText> templates = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();

    /** Reads the whole tree; the result holds a state only when there is no error. */
    public LoadResult load(SpecTree tree) {
        Run run = new Run(tree);
        run.readFiles();
        run.checkMigrations();
        Map<String, String> texts = run.readTemplates();
        Map<String, Component> components = run.assemble(texts);
        RepositoryRules.Facts facts = new RepositoryRules.Facts(components, run.targets, run.declared,
                run.unreadSelectors, run.versionPositions);
        run.diagnostics.addAll(RepositoryRules.check(facts, ref -> run.template(ref.path()).variables()));
        List<Diagnostic> sorted = new ArrayList<>(run.diagnostics);
        sorted.sort(ORDER);
        trim(run.usedKeys);
        boolean errors = sorted.stream().anyMatch(Diagnostic::isError);
        return new LoadResult(errors ? Optional.empty() : Optional.of(new DesiredState(components, run.targets)),
                sorted);
    }

    /** How many files this loader has parsed (cache misses), for tests and metrics. */
    public long parseCount() {
        return parses.get();
    }

    private static final Comparator<Diagnostic> ORDER = Comparator
            .comparing((Diagnostic d) -> d.position().file())
            .thenComparingInt(d -> d.position().line())
            .thenComparingInt(d -> d.position().column())
            .thenComparing(Diagnostic::message);


    private ParsedFile parse(SpecTree tree, String path, Place place, Set<String> used) {
        Optional<String> id = tree.contentId(path);
        if (id.isPresent()) {
            String key = path + '\0' + id.get();
            used.add(key);
            ParsedFile cached = files.get(key);
            if (cached != null) {
                return cached;
            }
            ParsedFile parsed = parseNow(tree, path, place);
            files.put(key, parsed);
            return parsed;
        }
        return parseNow(tree, path, place);
    }

    private ParsedFile parseNow(SpecTree tree, String path, Place place) {
        parses.incrementAndGet();
        byte[] bytes;
        try {
            bytes = tree.read(path);
        } catch (VersiondException e) {
            Problems problems = new Problems(path);
            problems.error(Position.startOf(path), "cannot read file: " + e.getMessage());
            return ParsedFile.failed(problems);
        }
        return SpecFileReader.read(path, place, bytes);
    }

    private void trim(Set<String> used) {
        if (files.size() + templates.size() > CACHE_LIMIT) {
            files.keySet().retainAll(used);
            templates.keySet().retainAll(used);
        }
    }

    /** A template's text, or the problems that make it unusable; cached like parsed files. */
    private record TemplateText(String text, Set<String> variables, List<Diagnostic> problems) {
    }

    private TemplateText template(SpecTree tree, String path, Set<String> used) {
        Optional<String> id = tree.contentId(path);
        if (id.isEmpty()) {
            return readTemplate(tree, path);
        }
        String key = path + '\0' + id.get();
        used.add(key);
        return templates.computeIfAbsent(key, k -> readTemplate(tree, path));
    }

    private TemplateText readTemplate(SpecTree tree, String path) {
        parses.incrementAndGet();
        Problems problems = new Problems(path);
        byte[] bytes;
        try {
            bytes = tree.read(path);
        } catch (VersiondException e) {
            problems.error(Position.startOf(path), "cannot read template: " + e.getMessage());
            return new TemplateText("", Set.of(), problems.diagnostics());
        }
        if (bytes.length > YamlReader.MAX_BYTES) {
            problems.error(Position.startOf(path), "template is " + bytes.length + " bytes, larger than the limit of "
                    + YamlReader.MAX_BYTES + " bytes (1 MiB)");
            return new TemplateText("", Set.of(), problems.diagnostics());
        }
        Optional<String> text = YamlReader.decode(bytes, problems);
        if (text.isEmpty()) {
            return new TemplateText("", Set.of(), problems.diagnostics());
        }
        TemplateRef ref = new TemplateRef(path, text.get());
        Set<String> variables;
        try {
            variables = Templates.variables(ref);
        } catch (TemplateException e) {
            problems.error(new Position(path, e.line(), 1), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            return new TemplateText(text.get(), Set.of(), problems.diagnostics());
        }
        for (String v : variables) {
            String root = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
            if (!Templates.ROOTS.contains(root)) {
                problems.error(positionOf(path, text.get(), v), "template uses '{{" + v + "}}', but only version, "
                        + "component, host and config.<key> are available to templates");
            }
        }
        return new TemplateText(text.get(), java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(variables)),
                problems.diagnostics());
    }

    private static Position positionOf(String path, String text, String name) {
        int at = text.indexOf(name);
        if (at < 0) {
            return Position.startOf(path);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(path, line, at - lineStart + 1);
    }

    /** The state of one load: what was read so far. */
    private final class Run {
        private final SpecTree tree;
        private final Set<String> paths;
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        private final Set<String> usedKeys = new HashSet<>();
        private final Map<String, ParsedFile> componentFiles = new TreeMap<>();
        private final Map<String, List<String>> migrationPaths = new TreeMap<>();
        private final Map<String, ParsedFile> migrationFiles = new HashMap<>();
        private final Map<String, Set<Version>> declared = new TreeMap<>();
        private final Map<String, Migration> migrations = new HashMap<>();
        private final List<Target> targets = new ArrayList<>();
        private final Set<String> unreadSelectors = new HashSet<>();
        private final Map<Position, Position> versionPositions = new HashMap<>();
        private final Map<String, TemplateText> templateMemo = new HashMap<>();

        Run(SpecTree tree) {
            this.tree = tree;
            this.paths = new HashSet<>(tree.paths());
        }

        void readFiles() {
            for (String link : tree.symlinks()) {
                diagnostics.add(Diagnostic.error(Position.startOf(link), "'" + link + "' is a symbolic link: symbolic "
                        + "links are not followed (commit the file itself)"));
            }
            for (String path : tree.paths()) {
                Place place = Place.of(path);
                switch (place.kind()) {
                    case OTHER -> {
                    }
                    case STRAY_YAML -> diagnostics.add(Diagnostic.warning(Position.startOf(path),
                            "'" + path + "' is not part of the desired state and is ignored: "
                                    + Place.hintFor(path).orElse("")));
                    case COMPONENT -> {
                        ParsedFile parsed = parse(tree, path, place, usedKeys);
                        diagnostics.addAll(parsed.diagnostics());
                        componentFiles.put(place.component(), parsed);
                        declared.computeIfAbsent(place.component(), k -> new TreeSet<>());
                    }
                    case MIGRATION -> {
                        ParsedFile parsed = parse(tree, path, place, usedKeys);
                        diagnostics.addAll(parsed.diagnostics());
                        migrationPaths.computeIfAbsent(place.component(), k -> new ArrayList<>()).add(path);
                        migrationFiles.put(path, parsed);
                    }
                    case TARGET -> {
                        ParsedFile parsed = parse(tree, path, place, usedKeys);
                        diagnostics.addAll(parsed.diagnostics());
                        parsed.target().ifPresent(targets::add);
                        versionPositions.putAll(parsed.versionPositions());
                        if (!parsed.selectorRead()) {
                            unreadSelectors.add(place.stem());
                        }
                    }
                }
            }
        }

        /** Migrations need a component.yaml and a version no other file of the component has. */
        void checkMigrations() {
            for (Map.Entry<String, List<String>> e : migrationPaths.entrySet()) {
                String component = e.getKey();
                Set<Version> versions = declared.get(component);
                if (versions == null) {
                    String first = e.getValue().get(0);
                    diagnostics.add(Diagnostic.error(Position.startOf(first), "migration of component '" + component
                            + "', which has no components/" + component + "/component.yaml"));
                    continue;
                }
                Map<Version, String> seen = new HashMap<>();
                // Paths are sorted: the later file of two with equal precedence is the duplicate.
                for (String path : e.getValue()) {

                    ParsedFile parsed = migrationFiles.get(path);
                    Optional<Version> version = Version.tryParse(Place.of(path).stem());
                    if (version.isEmpty()) {
                        if (parsed.migration().isEmpty() && !parsed.hasErrors()) {
                            diagnostics.add(Diagnostic.error(parsed.anchor(), "file name '" + path
                                    + "' is not a SemVer version"));
                        }
                        continue;
                    }
                    String first = seen.putIfAbsent(version.get(), path);
                    if (first != null) {
                        diagnostics.add(Diagnostic.error(parsed.anchor(), "version " + version.get() + " has the same "
                                + "precedence as " + first + ": versions of a component must be unique (build "
                                + "metadata after '+' does not count)"));
                        continue;
                    }
                    versions.add(version.get());
                    parsed.migration().ifPresent(m -> migrations.put(path, m));
                }
            }
        }

        /** Reads every template a valid file names; a missing one is an error at its {@code template:} value. */
        Map<String, String> readTemplates() {
            Map<String, String> texts = new HashMap<>();
            List<ParsedFile> withTemplates = new ArrayList<>();
            componentFiles.values().forEach(withTemplates::add);
            withTemplates.addAll(migrationFiles.values());
            Set<String> reported = new HashSet<>();
            for (ParsedFile parsed : withTemplates) {
                for (TemplateUse use : parsed.templates()) {
                    if (!paths.contains(use.path())) {
                        diagnostics.add(Diagnostic.error(use.position(), "template '" + use.path() + "' not found"
                                + (tree.symlinks().contains(use.path()) ? " (it is a symbolic link, which is not followed)"
                                        : ": expected a file at " + use.path())));
                        continue;
                    }
                    TemplateText template = template(use.path());
                    texts.put(use.path(), template.text());
                    if (reported.add(use.path())) {
                        diagnostics.addAll(template.problems());
                    }
                }
            }
            return texts;
        }

        TemplateText template(String path) {
            return templateMemo.computeIfAbsent(path, p -> SpecLoader.this.template(tree, p, usedKeys));
        }

        /** Components with their migrations and template texts filled in, as far as their files could be read. */
        Map<String, Component> assemble(Map<String, String> texts) {
            Map<String, List<Migration>> byComponent = new HashMap<>();
            for (Migration m : migrations.values()) {
                byComponent.computeIfAbsent(m.component(), k -> new ArrayList<>()).add(m);
            }
            Map<String, Component> components = new TreeMap<>();
            for (Map.Entry<String, ParsedFile> e : componentFiles.entrySet()) {
                Optional<Component> read = e.getValue().component();
                if (read.isEmpty()) {
                    continue;
                }
                Component c = read.get();
                TreeMap<Version, Migration> migrations = new TreeMap<>();
                for (Migration m : byComponent.getOrDefault(c.name(), List.of())) {
                    migrations.put(m.version(), withTexts(m, texts));
                }
                ConfigSection config = c.config();
                if (!e.getValue().templates().isEmpty()) {
                    config = new ConfigSection(SpecFileReader.withTemplateTexts(List.copyOf(config.files()), texts)
                            .stream().map(FileStep.class::cast).toList(),
                            SpecFileReader.withTemplateTexts(config.onChange(), texts));
                }
                components.put(c.name(), new Component(c.name(), c.description(), c.dependsOn(), config, migrations,
                        c.file(), c.position()));
            }
            return components;
        }

        private Migration withTexts(Migration m, Map<String, String> texts) {
            ParsedFile parsed = migrationFiles.get(m.file());
            if (parsed == null || parsed.templates().isEmpty()) {
                return m;
            }
            return new Migration(m.component(), m.version(), m.description(), m.preflight(),
                    SpecFileReader.withTemplateTexts(m.up(), texts), SpecFileReader.withTemplateTexts(m.down(), texts),
                    m.verify(), m.file(), m.position());
        }
    }

}
