package dev.versiond.spec.load;

import dev.versiond.spec.VersiondException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.DesiredComponent;

import dev.versiond.spec.model.ConfigSection;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Target;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.tree.SpecTree;
import dev.versiond.spec.validate.ConfigUse;
import dev.versiond.spec.validate.RepositoryRules;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>An instance keeps a cache keyed by path and {@link SpecTree#contentId content id}, so a tree
 * whose files have ids (a Git commit) re-parses only the files that changed since the previous
 * load, and a component folder none of whose files changed is reused whole (its migrations,
 * template texts and the config values its templates need). What remains per load is linear in
 * the number of files with small constants: one cache lookup per file, and the rules across
 * files. The cache holds at most the files of the latest trees (bounded by {@link #CACHE_LIMIT})
 * and is safe to use from several threads.
 */
public final class SpecLoader {
    /** Cached files kept at most by default; above this, files not in the latest tree are dropped. */
    static final int CACHE_LIMIT = 200_000;

    private static final Comparator<Diagnostic> ORDER = Comparator
            .comparing((Diagnostic d) -> d.position().file())
            .thenComparingInt(d -> d.position().line())
            .thenComparingInt(d -> d.position().column())
            .thenComparing(Diagnostic::message);

    /** A file read for one content id: a parsed YAML file, or a template. */
    private record Cached(String id, Object value) {
    }

    private final Map<String, Cached> files = new ConcurrentHashMap<>();
    private final Map<String, Folder> folders = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();
    private final int cacheLimit;

    /** A loader with an empty cache. */
    public SpecLoader() {
        this(CACHE_LIMIT);
    }

    SpecLoader(int cacheLimit) {
        this.cacheLimit = cacheLimit;
    }

    /** Reads the whole tree; the result holds a state only when there is no error. */
    public LoadResult load(SpecTree tree) {
        Run run = new Run(tree);
        run.readFiles();
        Map<String, Component> components = run.assembleFolders();
        RepositoryRules.Facts facts = new RepositoryRules.Facts(components, run.targets, run.declared,
                run.unreadSelectors, run::versionPosition);
        run.diagnostics.addAll(RepositoryRules.check(facts, run::configUses));
        List<Diagnostic> sorted = new ArrayList<>(run.diagnostics);
        sorted.sort(ORDER);
        trim(tree);
        boolean errors = sorted.stream().anyMatch(Diagnostic::isError);
        return new LoadResult(errors ? Optional.empty() : Optional.of(new DesiredState(components, run.targets)),
                sorted);
    }

    /** How many files (YAML and templates) this loader has read and parsed: its cache misses. */
    public long parseCount() {
        return parses.get();
    }

    private ParsedFile parse(SpecTree tree, String path, Place place) {
        Optional<String> id = tree.contentId(path);
        if (id.isPresent()) {
            Cached cached = files.get(path);
            if (cached != null && cached.id().equals(id.get()) && cached.value() instanceof ParsedFile parsed) {
                return parsed;
            }
        }
        parses.incrementAndGet();
        ParsedFile parsed = read(tree, path, place);
        id.ifPresent(i -> files.put(path, new Cached(i, parsed)));
        return parsed;
    }

    private static ParsedFile read(SpecTree tree, String path, Place place) {
        try {
            return SpecFileReader.read(path, place, tree.read(path));
        } catch (VersiondException e) {
            Problems problems = new Problems(path);
            problems.error(Position.startOf(path), "cannot read file: " + e.getMessage());
            return ParsedFile.failed(problems);
        }

    }

    /** A template of the tree, or null when the tree has no such file ({@code paths} is the tree's sorted list). */
    private TemplateText template(SpecTree tree, String path, List<String> paths) {
        Optional<String> id = tree.contentId(path);
        if (id.isPresent()) {
            Cached cached = files.get(path);
            if (cached != null && cached.id().equals(id.get()) && cached.value() instanceof TemplateText text) {
                return text;
            }
        } else if (Collections.binarySearch(paths, path) < 0) {
            return null;
        }
        parses.incrementAndGet();
        TemplateText text = TemplateText.read(tree, path);
        id.ifPresent(i -> files.put(path, new Cached(i, text)));
        return text;
    }

    private void trim(SpecTree tree) {
        if (files.size() > cacheLimit || folders.size() > cacheLimit) {

            Set<String> current = new HashSet<>(tree.paths());
            files.keySet().retainAll(current);
            folders.keySet().removeIf(name -> !current.contains("components/" + name + "/component.yaml"));
        }
    }

    /**
     * What one component folder yields, reused while its files are unchanged: the component with
     * its migrations and template texts, the versions its migration files declare, the problems
     * found across its files, and (filled lazily) the config values its templates use per version.
     *
     * @param inputs the parsed files and template texts it was made from, compared by identity:
     *     cached objects are the same instances exactly when the files' content ids are unchanged
     */
    private record Folder(List<Object> inputs, Optional<Component> component, Set<Version> declared,
                          List<Diagnostic> diagnostics, Map<String, TemplateText> templates,
                          Map<Version, List<ConfigUse>> configUses) {

        boolean madeFrom(List<Object> others) {
            if (others.size() != inputs.size()) {
                return false;
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i) != others.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A template a folder's files name, as found in this tree. */
    private static final Object MISSING = new Object();

    /** The migration files of one component folder, in path order. */
    private static final class MigrationFiles {
        static final MigrationFiles NONE = new MigrationFiles();
        final List<String> paths = new ArrayList<>(4);
        final List<ParsedFile> parsed = new ArrayList<>(4);
    }


    /** The state of one load: what was read so far. */
    private final class Run {
        private final SpecTree tree;
        private final List<String> paths;
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        private final Map<String, ParsedFile> componentFiles = new TreeMap<>();
        /** Per component folder: its migration files' paths and parsed files, in path order. */
        private final Map<String, MigrationFiles> migrationFiles = new HashMap<>();
        private final Map<String, Set<Version>> declared = new HashMap<>();
        private final Map<String, Folder> folderOf = new HashMap<>();
        private final List<Target> targets = new ArrayList<>();
        private final Set<String> unreadSelectors = new HashSet<>();
        private final List<ParsedFile> targetFiles = new ArrayList<>();

        Run(SpecTree tree) {
            this.tree = tree;
            this.paths = tree.paths();
        }

        void readFiles() {
            for (String link : tree.symlinks()) {
                diagnostics.add(Diagnostic.error(Position.startOf(link), "'" + link + "' is a symbolic link: symbolic "
                        + "links are not followed (commit the file itself)"));
            }
            for (String path : paths) {
                Place place = Place.of(path);
                switch (place.kind()) {
                    case OTHER -> {
                    }
                    case STRAY_YAML -> diagnostics.add(Diagnostic.warning(Position.startOf(path),
                            "'" + path + "' is not part of the desired state and is ignored: "
                                    + Place.hintFor(path).orElse("")));
                    case COMPONENT -> {
                        ParsedFile parsed = parse(tree, path, place);
                        diagnostics.addAll(parsed.diagnostics());
                        componentFiles.put(place.component(), parsed);
                    }
                    case MIGRATION -> {
                        ParsedFile parsed = parse(tree, path, place);
                        diagnostics.addAll(parsed.diagnostics());
                        MigrationFiles m = migrationFiles.computeIfAbsent(place.component(), k -> new MigrationFiles());
                        m.paths.add(path);
                        m.parsed.add(parsed);
                    }
                    case TARGET -> {
                        ParsedFile parsed = parse(tree, path, place);
                        diagnostics.addAll(parsed.diagnostics());
                        parsed.target().ifPresent(targets::add);
                        targetFiles.add(parsed);
                        if (!parsed.selectorRead()) {
                            unreadSelectors.add(place.stem());
                        }
                    }
                }
            }
        }

        /** Where a target entry's version value is; looked up only to report an undeclared version. */
        Position versionPosition(DesiredComponent entry) {
            for (ParsedFile f : targetFiles) {
                Position p = f.versionPositions().get(entry.position());
                if (p != null) {
                    return p;
                }
            }
            return entry.position();
        }

        /** Each component folder, reused from the previous load when none of its files changed. */
        Map<String, Component> assembleFolders() {
            for (Map.Entry<String, MigrationFiles> e : new TreeMap<>(migrationFiles).entrySet()) {
                if (!componentFiles.containsKey(e.getKey())) {
                    String first = e.getValue().paths.get(0);
                    diagnostics.add(Diagnostic.error(Position.startOf(first), "migration of component '" + e.getKey()
                            + "', which has no components/" + e.getKey() + "/component.yaml"));
                }
            }
            // Filled in name order (componentFiles is sorted), so that copying it into a sorted map is linear.
            Map<String, Component> components = new TreeMap<>();
            for (Map.Entry<String, ParsedFile> e : componentFiles.entrySet()) {
                String name = e.getKey();
                MigrationFiles m = migrationFiles.getOrDefault(name, MigrationFiles.NONE);
                List<Object> inputs = inputs(e.getValue(), m.parsed);
                Folder folder = folders.get(name);
                if (folder == null || !folder.madeFrom(inputs)) {
                    folder = assemble(e.getValue(), m.paths, m.parsed, inputs);
                    folders.put(name, folder);
                }
                folderOf.put(name, folder);
                diagnostics.addAll(folder.diagnostics());
                declared.put(name, folder.declared());
                Component c = folder.component().orElse(null);
                if (c != null) {
                    components.put(name, c);
                }
            }
            return components;
        }

        /**
         * The objects a folder is made from: its parsed files, then for each template use in file order
         * the template's text (or MISSING). A folder names few templates, each read once per load.
         */
        private List<Object> inputs(ParsedFile componentFile, List<ParsedFile> parsedMigrations) {
            List<Object> inputs = new ArrayList<>(2 + 2 * parsedMigrations.size());
            inputs.add(componentFile);
            inputs.addAll(parsedMigrations);
            int firstTemplate = inputs.size();
            List<String> seen = new ArrayList<>(4);
            addTemplates(componentFile, inputs, seen, firstTemplate);
            for (ParsedFile p : parsedMigrations) {
                addTemplates(p, inputs, seen, firstTemplate);
            }
            return inputs;
        }

        private void addTemplates(ParsedFile parsed, List<Object> inputs, List<String> seen, int firstTemplate) {
            for (TemplateUse use : parsed.templates()) {
                // With content ids a cached template is two lookups; without, read each template once.
                int earlier = tree.contentId(use.path()).isPresent() ? -1 : seen.indexOf(use.path());
                if (earlier >= 0) {
                    inputs.add(inputs.get(firstTemplate + earlier));
                } else {
                    TemplateText text = template(tree, use.path(), paths);
                    inputs.add(text == null ? MISSING : text);
                }
                seen.add(use.path());
            }

        }

        private Folder assemble(ParsedFile componentFile, List<String> migrationsOf, List<ParsedFile> parsedMigrations,
                                List<Object> inputs) {
            List<Diagnostic> found = new ArrayList<>();
            TreeSet<Version> versions = new TreeSet<>();
            TreeMap<Version, Migration> migrations = new TreeMap<>();
            Map<Version, String> seen = new HashMap<>();
            // Paths are sorted: the later file of two with equal precedence is the duplicate.
            for (int i = 0; i < migrationsOf.size(); i++) {
                String path = migrationsOf.get(i);
                ParsedFile parsed = parsedMigrations.get(i);
                String stem = Place.of(path).stem();
                Optional<Version> version = parsed.migration().filter(m -> m.version().toString().equals(stem))
                        .map(Migration::version).or(() -> Version.tryParse(stem));
                if (version.isEmpty()) {
                    continue; // the file's own version check reports it
                }
                String first = seen.putIfAbsent(version.get(), path);
                if (first != null) {
                    found.add(Diagnostic.error(parsed.anchor(), "version " + stem + " has the same precedence as "
                            + first + ": versions of a component must be unique (build metadata after '+' does not count)"));
                    continue;
                }
                versions.add(version.get());
                parsed.migration().ifPresent(m -> migrations.put(m.version(), m));
            }
            Map<String, TemplateText> texts = new HashMap<>();
            List<ParsedFile> withTemplates = new ArrayList<>(parsedMigrations.size() + 1);
            withTemplates.add(componentFile);
            withTemplates.addAll(parsedMigrations);
            int next = withTemplates.size(); // inputs: the parsed files, then one entry per template use
            for (ParsedFile parsed : withTemplates) {
                for (TemplateUse use : parsed.templates()) {
                    Object input = inputs.get(next++);
                    if (input == MISSING) {
                        found.add(Diagnostic.error(use.position(), "template '" + use.path() + "' not found"
                                + (tree.symlinks().contains(use.path()) ? " (it is a symbolic link, which is not followed)"
                                        : ": expected a file at " + use.path())));
                    } else if (!texts.containsKey(use.path())) {
                        TemplateText template = (TemplateText) input;
                        texts.put(use.path(), template);
                        found.addAll(template.problems());
                    }
                }
            }
            Map<String, String> text = new HashMap<>();
            texts.forEach((path, t) -> text.put(path, t.text()));
            Optional<Component> component = componentFile.component()
                    .map(c -> withTexts(c, !componentFile.templates().isEmpty(), migrations, text));
            return new Folder(inputs, component, Collections.unmodifiableSet(versions), List.copyOf(found),
                    Map.copyOf(texts), new ConcurrentHashMap<>());
        }

        /** The component with its migrations, and every file step's template text filled in. */
        private Component withTexts(Component c, boolean configTemplates, TreeMap<Version, Migration> migrations,
                                    Map<String, String> text) {
            TreeMap<Version, Migration> filled = new TreeMap<>();
            for (Migration m : migrations.values()) {
                filled.put(m.version(), new Migration(m.component(), m.version(), m.description(), m.preflight(),
                        SpecFileReader.withTemplateTexts(m.up(), text), SpecFileReader.withTemplateTexts(m.down(), text),
                        m.verify(), m.file(), m.position()));
            }
            ConfigSection config = c.config();
            if (configTemplates) {
                config = new ConfigSection(SpecFileReader.withTemplateTexts(List.copyOf(config.files()), text)
                        .stream().map(FileStep.class::cast).toList(),
                        SpecFileReader.withTemplateTexts(config.onChange(), text));
            }
            return new Component(c.name(), c.description(), c.dependsOn(), config, filled, c.file(), c.position());
        }

        /** The config values a component's templates use up to a version, memoised with its folder. */
        List<ConfigUse> configUses(Component c, Version version) {
            Folder folder = folderOf.get(c.name());
            return folder.configUses().computeIfAbsent(version, v -> RepositoryRules.configUses(c, v,
                    ref -> Optional.ofNullable(folder.templates().get(ref.path())).map(TemplateText::variables)
                            .orElse(Set.of())));
        }
    }
}
