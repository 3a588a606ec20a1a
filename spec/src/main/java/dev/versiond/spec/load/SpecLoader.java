package dev.versiond.spec.load;

import dev.versiond.spec.VersiondException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.Dependency;
import dev.versiond.spec.model.DesiredComponent;

import dev.versiond.spec.model.ConfigSection;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Selector;
import dev.versiond.spec.model.Target;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.tree.SpecTree;
import dev.versiond.spec.validate.ConfigUse;
import dev.versiond.spec.validate.RepositoryRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * template texts and the config values its templates need). When the tree also has
 * {@link SpecTree#directoryId directory ids} (a Git tree), it is read directory by directory:
 * {@code components/} one level deep, and a folder whose id is unchanged is reused with every
 * problem found in it, without listing or reading its files. What remains per load is then
 * linear in the number of component folders with small constants (one id comparison each) plus
 * the rules across files. Many folders to read are read in parallel. The cache holds at most the
 * files of the latest trees (bounded by {@link #CACHE_LIMIT}) and is safe to use from several
 * threads.
 */
public final class SpecLoader {
    /** Cached files kept at most by default; above this, files not in the latest tree are dropped. */
    static final int CACHE_LIMIT = 200_000;
    /** From this many folders to read, they are read in parallel (below, the threads cost more than they save). */
    private static final int PARALLEL_FROM = 32;

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
    /** Per component folder name, its latest load, reused whole while its directory id is unchanged. */
    private final Map<String, FolderLoad> directories = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();
    /** The latest share load's reading of targets/, reused while the directory's id and the share are unchanged. */
    private volatile TargetsRead targetsRead;
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
        run.diagnostics.addAll(RepositoryRules.check(run.facts(components), run::configUses));
        List<Diagnostic> sorted = run.sortedDiagnostics();
        trim(run);
        boolean errors = sorted.stream().anyMatch(Diagnostic::isError);
        return new LoadResult(errors ? Optional.empty() : Optional.of(new DesiredState(components, run.targets)),
                sorted);
    }

    /**
     * Reads only what one host needs: every target file, keeping those whose selector matches the
     * host (a target file that is not the host's is parsed only as far as telling so, its problems
     * are not reported, and the loader keeps nothing of it but its selector); then the component
     * folders those targets name and, transitively, the folders they depend on. No other component
     * folder is listed or read. The rules across files are checked within the share
     * ({@link RepositoryRules#checkShare}); those that need the whole repository are
     * {@link #load}'s. Before each folder is parsed its files' sizes are added up, and a share
     * whose files come to more than {@link Share#maxBytes} is refused without parsing the rest.
     *
     * <p>The cache works as for {@link #load} (files by content id, folders by directory id), and
     * after the load holds only the share: the folders and files of components that left it are dropped.
     */
    public ShareLoad loadShare(SpecTree tree, Share share) {
        Run run = new Run(tree);
        run.readShareTargets(share);
        Set<String> named = new TreeSet<>();
        run.targets.forEach(t -> named.addAll(t.components().keySet()));
        Optional<String> tooLarge = run.readShareFolders(named, share.maxBytes());
        Map<String, Component> components = run.assembleFolders();
        if (tooLarge.isEmpty()) {
            run.diagnostics.addAll(RepositoryRules.checkShare(run.facts(components), run::configUses));
        }
        List<Diagnostic> sorted = run.sortedDiagnostics();
        trimToShare(run);
        boolean refused = tooLarge.isPresent() || sorted.stream().anyMatch(Diagnostic::isError);
        LoadResult result = new LoadResult(refused ? Optional.empty()
                : Optional.of(new DesiredState(components, run.targets)), sorted);
        return new ShareLoad(result, run.loads.keySet(), run.shareBytes, tooLarge);
    }

    /** Drops from the cache whatever is not in the share just loaded: it must cost no memory. */
    private void trimToShare(Run run) {
        Set<String> share = run.loads.keySet();
        Set<String> outside = new HashSet<>(run.targetPaths);
        run.loads.values().forEach(l -> outside.addAll(l.outside().keySet()));
        files.keySet().removeIf(path -> {
            String folder = folderName(path);
            return folder != null ? !share.contains(folder) : !outside.contains(path);
        });
        folders.keySet().removeIf(name -> !share.contains(name));
        directories.keySet().removeIf(name -> !share.contains(name));
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

    /** A template of the tree, or null when the tree has no such file. */
    private TemplateText template(SpecTree tree, String path, Run run) {
        Optional<String> id = tree.contentId(path);
        if (id.isPresent()) {
            Cached cached = files.get(path);
            if (cached != null && cached.id().equals(id.get()) && cached.value() instanceof TemplateText text) {
                return text;
            }
        } else if (!run.exists(path)) {
            return null;
        }
        parses.incrementAndGet();
        TemplateText text = TemplateText.read(tree, path);
        id.ifPresent(i -> files.put(path, new Cached(i, text)));
        return text;
    }

    /** Above the limit, drops what the latest tree no longer has (files of reused folders are kept). */
    private void trim(Run run) {
        if (files.size() > cacheLimit || folders.size() > cacheLimit || directories.size() > cacheLimit) {
            Set<String> current = run.byDirectory ? run.walked : new HashSet<>(run.paths());
            files.keySet().removeIf(path -> !current.contains(path) && !run.reusedFolder(folderName(path)));
            folders.keySet().removeIf(name -> !run.loads.containsKey(name));
            directories.keySet().removeIf(name -> !run.loads.containsKey(name));
        }
    }

    /** The component folder a path is in ({@code components/<name>/...}), or null. */
    private static String folderName(String path) {
        if (!path.startsWith(COMPONENTS)) {
            return null;
        }
        int slash = path.indexOf('/', COMPONENTS.length());
        return slash > COMPONENTS.length() ? path.substring(COMPONENTS.length(), slash) : null;
    }

    private static final String COMPONENTS = "components/";

    private static Diagnostic linkDiagnostic(String link) {
        return Diagnostic.error(Position.startOf(link), "'" + link + "' is a symbolic link: symbolic "
                + "links are not followed (commit the file itself)");
    }

    /**
     * Everything one component folder yields in one load: its folder (absent without a
     * component.yaml) and every problem found in its files, links and across them.
     *
     * @param directoryId the folder's directory id, when the tree has them
     * @param outside the state of each template outside the folder that its files name (content id,
     *     or "link"/"missing"): the folder is reused only while these are unchanged too
     * @param bytes the size of the folder's files, counted for a share's limit; -1 when not counted
     */
    private record FolderLoad(Optional<String> directoryId, Map<String, String> outside, Optional<Folder> folder,
                              List<Diagnostic> diagnostics, long bytes) {
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

    /** What a share load took from {@code targets/}: the host's targets, and the problems to report. */
    private record TargetsRead(String directoryId, Share share, List<Target> targets, List<ParsedFile> files,
                               Set<String> paths, List<Diagnostic> diagnostics) {
    }

    /** A template a folder's files name, as found in this tree. */
    private static final Object MISSING = new Object();
    /** A template a folder's files name that is a symbolic link in this tree (so not read). */
    private static final Object LINKED = new Object();

    /** The migration files of one component folder, in path order. */
    private static final class MigrationFiles {
        final List<String> paths = new ArrayList<>(4);
        final List<ParsedFile> parsed = new ArrayList<>(4);
    }


    /** The state of one load: what was read so far. */
    private final class Run {
        private final SpecTree tree;
        /** Whether the tree has directory ids: it is then read directory by directory, never through paths(). */
        private final boolean byDirectory;
        private List<String> paths;
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        /** Every component folder's load, in name order. */
        private final Map<String, FolderLoad> loads = new LinkedHashMap<>();
        /** Paths listed in this load (not those of folders reused by directory id). */
        private final Set<String> walked = new HashSet<>();
        /** Folders read in this load (the others were reused by directory id, without listing them). */
        private final Set<String> loaded = new HashSet<>();
        private final Map<String, Set<Version>> declared = new HashMap<>();
        private final Map<String, Folder> folderOf = new HashMap<>();
        private final List<Target> targets = new ArrayList<>();
        private final Set<String> unreadSelectors = new HashSet<>();
        private final List<ParsedFile> targetFiles = new ArrayList<>();
        /** A share load: the target files of the tree, and the bytes of the share's folders so far. */
        private final Set<String> targetPaths = new HashSet<>();
        private long shareBytes;
        /** A share load on a tree without directory ids: the files of each component folder. */
        private Map<String, List<String>> pathsByFolder;

        /** What the rules across files look at, once the folders are assembled. */
        RepositoryRules.Facts facts(Map<String, Component> components) {
            return new RepositoryRules.Facts(components, targets, declared, unreadSelectors, this::versionPosition);
        }

        List<Diagnostic> sortedDiagnostics() {
            List<Diagnostic> sorted = new ArrayList<>(diagnostics);
            sorted.sort(ORDER);
            return sorted;
        }

        boolean reusedFolder(String name) {
            return name != null && loads.containsKey(name) && !loaded.contains(name);
        }

        Run(SpecTree tree) {
            this.tree = tree;
            this.byDirectory = tree.directoryId("").isPresent();
        }

        private List<String> paths() {
            if (paths == null) {
                paths = tree.paths();
            }
            return paths;
        }

        /** Whether the tree has a regular file at a path. */
        boolean exists(String path) {
            if (byDirectory) {
                return entry(path).filter(e -> e.type() == SpecTree.Entry.Type.FILE).isPresent();
            }
            return Collections.binarySearch(paths(), path) >= 0;
        }

        private boolean isLink(String path) {
            if (byDirectory) {
                return entry(path).filter(e -> e.type() == SpecTree.Entry.Type.SYMLINK).isPresent();
            }
            return tree.symlinks().contains(path);
        }

        private Optional<SpecTree.Entry> entry(String path) {
            int slash = path.lastIndexOf('/');
            String name = path.substring(slash + 1);
            return tree.list(slash < 0 ? "" : path.substring(0, slash)).stream()
                    .filter(e -> e.name().equals(name)).findFirst();
        }

        void readFiles() {
            Map<String, List<String>> folderPaths = new TreeMap<>();
            Map<String, List<String>> folderLinks = new TreeMap<>();
            List<String> otherPaths = new ArrayList<>();
            List<String> otherLinks = new ArrayList<>();
            // By name: the listing of components/ is sorted already; paths are grouped into a sorted map.
            Map<String, Optional<String>> folderIds = byDirectory ? new LinkedHashMap<>() : new TreeMap<>();
            if (byDirectory) {
                listByDirectory(folderIds, folderPaths, folderLinks, otherPaths, otherLinks);
            } else {
                for (String path : paths()) {
                    String name = folderName(path);
                    if (name == null) {
                        otherPaths.add(path);
                    } else {
                        folderPaths.computeIfAbsent(name, k -> new ArrayList<>()).add(path);
                    }
                }
                for (String link : tree.symlinks()) {
                    String name = folderName(link);
                    if (name == null) {
                        otherLinks.add(link);
                    } else {
                        folderLinks.computeIfAbsent(name, k -> new ArrayList<>()).add(link);
                    }
                }
                folderPaths.keySet().forEach(n -> folderIds.put(n, Optional.empty()));
                folderLinks.keySet().forEach(n -> folderIds.put(n, Optional.empty()));
            }
            for (String link : otherLinks) {
                diagnostics.add(linkDiagnostic(link));
            }
            for (String path : otherPaths) {
                readOther(path);
            }
            List<String> names = new ArrayList<>(folderIds.keySet());
            FolderLoad[] all = new FolderLoad[names.size()];
            List<Integer> toLoad = new ArrayList<>();
            for (int i = 0; i < all.length; i++) {
                String name = names.get(i);
                Optional<String> id = folderIds.get(name);
                all[i] = id.isPresent() ? reusable(name, id.get()) : null;
                if (all[i] == null) {
                    toLoad.add(i);
                    if (byDirectory && !folderPaths.containsKey(name) && !folderLinks.containsKey(name)) {
                        List<String> inFolder = new ArrayList<>();
                        List<String> linksInFolder = new ArrayList<>();
                        walk(COMPONENTS + name, inFolder, linksInFolder);
                        folderPaths.put(name, inFolder);
                        folderLinks.put(name, linksInFolder);
                    }
                }
            }
            // Folders are independent: many are read and parsed in parallel, and kept in name order.
            (toLoad.size() >= PARALLEL_FROM ? toLoad.parallelStream() : toLoad.stream()).forEach(i -> {
                String name = names.get(i);
                all[i] = loadFolder(name, folderIds.get(name), folderPaths.getOrDefault(name, List.of()),
                        folderLinks.getOrDefault(name, List.of()), -1);
            });
            for (int i : toLoad) {
                loaded.add(names.get(i));
                if (all[i].directoryId().isPresent()) {
                    directories.put(names.get(i), all[i]);
                }
            }
            for (int i = 0; i < all.length; i++) {
                loads.put(names.get(i), all[i]);
            }
        }

        /**
         * Lists the tree one directory at a time: {@code components/} one level deep (each folder with
         * its id, listed further only if it cannot be reused), everything else completely.
         */
        private void listByDirectory(Map<String, Optional<String>> folderIds, Map<String, List<String>> folderPaths,
                                     Map<String, List<String>> folderLinks, List<String> otherPaths,
                                     List<String> otherLinks) {
            for (SpecTree.Entry top : tree.list("")) {
                if (top.name().equals("components") && top.type() == SpecTree.Entry.Type.DIRECTORY) {
                    for (SpecTree.Entry e : tree.list("components")) {
                        String path = COMPONENTS + e.name();
                        switch (e.type()) {
                            case DIRECTORY -> folderIds.put(e.name(), e.id());
                            case FILE -> otherPaths.add(path);
                            case SYMLINK -> otherLinks.add(path);
                        }
                    }
                } else {
                    switch (top.type()) {
                        case DIRECTORY -> walk(top.name(), otherPaths, otherLinks);
                        case FILE -> otherPaths.add(top.name());
                        case SYMLINK -> otherLinks.add(top.name());
                    }
                }
            }
            walked.addAll(otherPaths);
            Collections.sort(otherPaths);
        }

        private void walk(String directory, List<String> filesFound, List<String> linksFound) {
            for (SpecTree.Entry e : tree.list(directory)) {
                String path = directory + "/" + e.name();
                switch (e.type()) {
                    case DIRECTORY -> walk(path, filesFound, linksFound);
                    case FILE -> {
                        filesFound.add(path);
                        walked.add(path);
                    }
                    case SYMLINK -> linksFound.add(path);
                }
            }
        }

        /** The folder's previous load, if its directory and the templates it names outside it are unchanged. */
        private FolderLoad reusable(String name, String directoryId) {
            FolderLoad previous = directories.get(name);
            if (previous == null || !previous.directoryId().map(directoryId::equals).orElse(false)) {
                return null;
            }
            for (Map.Entry<String, String> e : previous.outside().entrySet()) {
                if (!templateState(e.getKey()).equals(e.getValue())) {
                    return null;
                }
            }
            return previous;
        }

        private String templateState(String path) {
            return tree.contentId(path).orElseGet(() -> exists(path) ? "file" : isLink(path) ? "link" : "missing");
        }

        /** A file outside the component folders: a target, a stray YAML file, or something not read. */
        private void readOther(String path) {
            Place place = Place.of(path);
            switch (place.kind()) {
                case OTHER, COMPONENT, MIGRATION -> {
                }
                case STRAY_YAML -> diagnostics.add(Diagnostic.warning(Position.startOf(path),
                        "'" + path + "' is not part of the desired state and is ignored: "
                                + Place.hintFor(path).orElse("")));
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

        /**
         * Reads {@code targets/}: a target whose selector matches the share's host is kept with its
         * problems; one that does not is dropped, and only its selector is cached; one whose selector
         * could not be read is reported (nobody can tell whether it is this host's).
         */
        void readShareTargets(Share share) {
            Optional<String> directoryId = byDirectory ? tree.directoryId("targets") : Optional.empty();
            TargetsRead previous = targetsRead;
            if (previous != null && directoryId.isPresent() && previous.directoryId().equals(directoryId.get())
                    && previous.share().equals(share)) {
                // No target file changed: the host's targets are the same, and none is read.
                targets.addAll(previous.targets());
                targetFiles.addAll(previous.files());
                targetPaths.addAll(previous.paths());
                diagnostics.addAll(previous.diagnostics());
                return;
            }
            int diagnosticsBefore = diagnostics.size();
            readTargetFiles(share);
            targetsRead = directoryId.map(id -> new TargetsRead(id, share, List.copyOf(targets), List.copyOf(targetFiles),
                    Set.copyOf(targetPaths), List.copyOf(diagnostics.subList(diagnosticsBefore, diagnostics.size()))))
                    .orElse(null);
        }

        private void readTargetFiles(Share share) {
            List<String> found = new ArrayList<>();
            if (byDirectory) {
                for (SpecTree.Entry e : tree.list("targets")) {
                    switch (e.type()) {
                        case FILE -> found.add("targets/" + e.name());
                        case SYMLINK -> diagnostics.add(linkDiagnostic("targets/" + e.name()));
                        case DIRECTORY -> {
                        }
                    }
                }
            } else {
                for (String path : paths()) {
                    if (path.startsWith("targets/")) {
                        found.add(path);
                    }
                }
                for (String link : tree.symlinks()) {
                    if (link.startsWith("targets/") && link.indexOf('/', "targets/".length()) < 0) {
                        diagnostics.add(linkDiagnostic(link));
                    }
                }
            }
            for (String path : found) {
                Place place = Place.of(path);
                if (place.kind() == Place.Kind.TARGET) {
                    targetPaths.add(path);
                    readShareTarget(path, place, share);
                }
            }
        }

        private void readShareTarget(String path, Place place, Share share) {
            Optional<String> id = tree.contentId(path);
            if (id.isPresent()) {
                Cached cached = files.get(path);
                if (cached != null && cached.id().equals(id.get()) && cached.value() instanceof Selector selector
                        && !share.selects(selector)) {
                    return;
                }
            }
            ParsedFile parsed = parse(tree, path, place);
            Optional<Target> target = parsed.target();
            if (target.isPresent() && parsed.selectorRead() && !share.selects(target.get().selector())) {
                id.ifPresent(i -> files.put(path, new Cached(i, target.get().selector())));
                return;
            }
            diagnostics.addAll(parsed.diagnostics());
            target.ifPresent(targets::add);
            targetFiles.add(parsed);
        }

        /**
         * Loads the named component folders and, transitively, those they depend on, in name order of
         * discovery; stops before parsing a folder that would take the share over {@code maxBytes}.
         *
         * @return why the share is too large, if it is
         */
        Optional<String> readShareFolders(Set<String> named, long maxBytes) {
            Deque<String> queue = new ArrayDeque<>(named);
            Set<String> seen = new HashSet<>(named);
            Map<String, FolderLoad> found = new TreeMap<>();
            Optional<String> tooLarge = Optional.empty();
            while (!queue.isEmpty() && tooLarge.isEmpty()) {
                String name = queue.poll();
                String directory = COMPONENTS + name;
                Optional<String> id = byDirectory ? tree.directoryId(directory) : Optional.empty();
                List<String> inFolder = new ArrayList<>();
                List<String> linksInFolder = new ArrayList<>();
                FolderLoad load = id.map(i -> reusable(name, i)).filter(l -> l.bytes() >= 0).orElse(null);
                long bytes;
                if (load != null) {
                    bytes = load.bytes();
                } else {
                    if (byDirectory) {
                        if (id.isEmpty()) {
                            continue; // no such folder: the rules report the name as unknown
                        }
                        walk(directory, inFolder, linksInFolder);
                    } else {
                        inFolder.addAll(folderPaths(name));
                        tree.symlinks().stream().filter(l -> name.equals(folderName(l))).forEach(linksInFolder::add);
                        if (inFolder.isEmpty() && linksInFolder.isEmpty()) {
                            continue;
                        }
                    }
                    bytes = 0;
                    for (String path : inFolder) {
                        bytes += tree.size(path);
                    }
                }
                if (shareBytes + bytes > maxBytes) {
                    tooLarge = Optional.of("this host's share of the desired state is more than " + maxBytes
                            + " bytes of component files: " + (shareBytes + bytes) + " bytes with components/"
                            + name + "/ (" + (found.size() + 1) + " of the folders its targets need, "
                            + queue.size() + " more not yet counted); nothing of components/" + name
                            + "/ or beyond was parsed");
                    continue;
                }
                shareBytes += bytes;
                if (load == null) {
                    load = loadFolder(name, id, inFolder, linksInFolder, bytes);
                    loaded.add(name);
                    if (id.isPresent()) {
                        directories.put(name, load);
                    }
                }
                found.put(name, load);
                load.folder().flatMap(Folder::component).ifPresent(c -> c.dependsOn().stream()
                        .map(Dependency::component).filter(seen::add).sorted().forEach(queue::add));
            }
            loads.putAll(found);
            return tooLarge;
        }

        /** The files of one component folder, on a tree without directory ids (grouped once per load). */
        private List<String> folderPaths(String name) {
            if (pathsByFolder == null) {
                pathsByFolder = new HashMap<>();
                for (String path : paths()) {
                    String folder = folderName(path);
                    if (folder != null) {
                        pathsByFolder.computeIfAbsent(folder, k -> new ArrayList<>()).add(path);
                    }
                }
            }
            return pathsByFolder.getOrDefault(name, List.of());
        }

        /** Reads one component folder's files (sorted paths) and assembles it. */
        private FolderLoad loadFolder(String name, Optional<String> directoryId, List<String> folderPaths,
                                      List<String> links, long bytes) {
            List<Diagnostic> found = new ArrayList<>();
            for (String link : links) {
                found.add(linkDiagnostic(link));
            }
            ParsedFile componentFile = null;
            MigrationFiles m = new MigrationFiles();
            for (String path : folderPaths) {
                Place place = Place.of(path);
                switch (place.kind()) {
                    case OTHER, TARGET -> {
                    }
                    case STRAY_YAML -> found.add(Diagnostic.warning(Position.startOf(path),
                            "'" + path + "' is not part of the desired state and is ignored: "
                                    + Place.hintFor(path).orElse("")));
                    case COMPONENT -> {
                        componentFile = parse(tree, path, place);
                        found.addAll(componentFile.diagnostics());
                    }
                    case MIGRATION -> {
                        ParsedFile parsed = parse(tree, path, place);
                        found.addAll(parsed.diagnostics());
                        m.paths.add(path);
                        m.parsed.add(parsed);
                    }
                }
            }
            if (componentFile == null) {
                if (!m.paths.isEmpty()) {
                    found.add(Diagnostic.error(Position.startOf(m.paths.get(0)), "migration of component '" + name
                            + "', which has no components/" + name + "/component.yaml"));
                }
                return new FolderLoad(directoryId, Map.of(), Optional.empty(), List.copyOf(found), bytes);
            }
            List<Object> inputs = inputs(componentFile, m.parsed);
            Folder folder = folders.get(name);
            if (folder == null || !folder.madeFrom(inputs)) {
                folder = assemble(componentFile, m.paths, m.parsed, inputs);
                folders.put(name, folder);
            }
            found.addAll(folder.diagnostics());
            Map<String, String> outside = new HashMap<>();
            if (directoryId.isPresent()) {
                String prefix = COMPONENTS + name + "/";
                List<ParsedFile> all = new ArrayList<>(m.parsed);
                all.add(componentFile);
                for (ParsedFile parsed : all) {
                    for (TemplateUse use : parsed.templates()) {
                        if (!use.path().startsWith(prefix)) {
                            outside.computeIfAbsent(use.path(), this::templateState);
                        }
                    }
                }
            }
            return new FolderLoad(directoryId, Map.copyOf(outside), Optional.of(folder), List.copyOf(found), bytes);
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

        /** Each component folder's parts, in name order. */
        Map<String, Component> assembleFolders() {
            // Filled in name order (loads is sorted), so that copying it into a sorted map is linear.
            Map<String, Component> components = new TreeMap<>();
            for (Map.Entry<String, FolderLoad> e : loads.entrySet()) {
                String name = e.getKey();
                FolderLoad load = e.getValue();
                diagnostics.addAll(load.diagnostics());
                if (load.folder().isEmpty()) {
                    continue;
                }
                Folder folder = load.folder().get();
                folderOf.put(name, folder);
                declared.put(name, folder.declared());
                folder.component().ifPresent(c -> components.put(name, c));
            }
            return components;
        }

        /**
         * The objects a folder is made from: its parsed files, then for each template use in file order
         * the template's text (or MISSING, or LINKED: the two give different messages). A folder names few templates, each read once per load.
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
                    TemplateText text = template(tree, use.path(), this);
                    inputs.add(text != null ? text : isLink(use.path()) ? LINKED : MISSING);
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
                    if (input == MISSING || input == LINKED) {
                        found.add(Diagnostic.error(use.position(), "template '" + use.path() + "' not found"
                                + (input == LINKED ? " (it is a symbolic link, which is not followed)"
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
                        m.verify(), m.file(), m.position(), m.rto()));
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
                            .orElse(Set.of()),
                    ref -> Optional.ofNullable(folder.templates().get(ref.path())).map(TemplateText::values)
                            .orElse(Set.of())));
        }
    }
}
