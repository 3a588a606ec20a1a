package dev.versiond.spec;

import dev.versiond.spec.tree.SpecTree;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link SpecTree} for tests: path → content. With {@link #withContentIds()} every file
 * gets a content id (its SHA-256, like a Git blob id), so a loader can cache by it; ids are computed
 * when the tree is made, and {@link #with} recomputes only the changed file's.
 */
public final class MapTree implements SpecTree {
    private final TreeMap<String, byte[]> files;
    private final List<String> symlinks;
    /** Content ids by path, or null when the tree has none. */
    private final Map<String, String> ids;
    private final List<String> paths;
    /** Whether directories have ids (a hash of everything below them), as a Git tree's do. */
    private final boolean directoryIds;

    private MapTree(Map<String, byte[]> files, List<String> symlinks, Map<String, String> ids) {
        this(files, symlinks, ids, false);
    }

    private MapTree(Map<String, byte[]> files, List<String> symlinks, Map<String, String> ids, boolean directoryIds) {
        this.directoryIds = directoryIds && ids != null;
        this.files = new TreeMap<>(files);
        this.symlinks = List.copyOf(symlinks);
        this.ids = ids;
        this.paths = List.copyOf(this.files.keySet());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tree of text files (UTF-8). */
    public static MapTree of(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return new MapTree(bytes, List.of(), null);
    }

    /** A tree of one or more files given as alternating path and text. */
    public static MapTree of(String... pathsAndTexts) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return of(files);
    }

    /**
     * A small valid repository: component {@code db} (1.0.0) and {@code cms} (1.0.0, 1.1.0) that
     * depends on it, with a config template, and target {@code prod} giving both to every host.
     */
    public static MapTree sample() {
        return of(
                "README.md", "# desired state\n",
                "components/db/component.yaml", """
                        kind: Component
                        name: db
                        """,
                "components/db/migrations/1.0.0.yaml", """
                        kind: Migration
                        version: 1.0.0
                        up:
                          - id: install
                            run:
                              argv: [apt-get, install, -y, postgresql]
                              unless: [dpkg, -s, postgresql]
                              down: [apt-get, remove, -y, postgresql]
                        """,
                "components/cms/component.yaml", """
                        kind: Component
                        name: cms
                        description: The CMS API
                        dependsOn:
                          db: ">=1.0.0"
                        config:
                          files:
                            - id: app-conf
                              file:
                                path: /etc/cms/app.conf
                                template: templates/app.conf.mustache
                                mode: "0640"
                          onChange:
                            - id: reload
                              service: { unit: cms.service, action: reload }
                        """,
                "components/cms/templates/app.conf.mustache", "port={{config.port}}\nversion={{version}}\n",
                "components/cms/migrations/1.0.0.yaml", """
                        kind: Migration
                        component: cms
                        version: 1.0.0
                        up:
                          - id: unpack
                            run:
                              argv: [tar, -xzf, /var/cache/cms-1.0.0.tgz, -C, /opt/cms/releases]
                              creates: /opt/cms/releases/1.0.0
                              down: [rm, -rf, /opt/cms/releases/1.0.0]
                            timeout: 5m
                            retries: 2
                          - id: switch
                            link: { path: /opt/cms/current, target: /opt/cms/releases/1.0.0 }
                          - id: start
                            service: { unit: cms.service, action: start }
                        verify:
                          - id: health
                            check: { http: "http://127.0.0.1:8080/healthz", deadline: 30s }
                        """,
                "components/cms/migrations/1.1.0.yaml", """
                        kind: Migration
                        version: 1.1.0
                        description: Adds a banner
                        preflight:
                          - id: port-free
                            check: { tcp: "127.0.0.1:8080", interval: 1s }
                        up:
                          - id: banner
                            file: { path: /opt/cms/banner.txt, content: "hello\\n" }
                          - id: migrate
                            run:
                              shell: true
                              command: "/opt/cms/bin/migrate up"
                              idempotent: true
                        down:
                          - id: unmigrate
                            run: { argv: [/opt/cms/bin/migrate, down], idempotent: true }
                        """,
                "targets/prod.yaml", """
                        kind: Target
                        name: prod
                        components:
                          db: { version: 1.0.0 }
                          cms:
                            version: 1.1.0
                            config: { port: 8080 }
                        rollout: { waves: [10, 50, 100], bake: 1h }
                        windows:
                          - cron: "0 0 2 ? * SAT,SUN"
                            duration: 2h
                            timezone: Europe/Berlin
                        selfHeal: true
                        """);
    }

    /** The same tree with raw bytes at {@code path} (for encoding tests). */
    public MapTree withBytes(String path, byte[] bytes) {
        Map<String, byte[]> copy = new TreeMap<>(files);
        copy.put(path, bytes.clone());
        Map<String, String> newIds = null;
        if (ids != null) {
            newIds = new java.util.HashMap<>(ids);
            newIds.put(path, sha256(bytes));
        }
        return new MapTree(copy, symlinks, newIds, directoryIds);
    }

    /** The same tree with {@code path} added or replaced. */
    public MapTree with(String path, String text) {
        return withBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same tree without {@code path}. */
    public MapTree without(String path) {
        Map<String, byte[]> copy = new TreeMap<>(files);
        copy.remove(path);
        Map<String, String> newIds = null;
        if (ids != null) {
            newIds = new java.util.HashMap<>(ids);
            newIds.remove(path);
        }
        return new MapTree(copy, symlinks, newIds, directoryIds);
    }

    /** The same tree reporting {@code path} as a symbolic link. */
    public MapTree withSymlink(String path) {
        List<String> links = new ArrayList<>(symlinks);
        links.add(path);
        return new MapTree(files, links, ids, directoryIds);
    }

    /** The same tree with content ids (SHA-256 of each file), as a Git tree has. */
    public MapTree withContentIds() {
        Map<String, String> newIds = new java.util.HashMap<>();
        files.forEach((path, bytes) -> newIds.put(path, sha256(bytes)));
        return new MapTree(files, symlinks, newIds, directoryIds);
    }

    /** The same tree with content ids and directory ids (a hash of each directory's listing below it), as a Git tree has. */
    public MapTree withDirectoryIds() {
        return new MapTree(files, symlinks, withContentIds().ids, true);
    }

    /** The same tree without the link at {@code path}. */
    public MapTree withoutSymlink(String path) {
        List<String> links = new ArrayList<>(symlinks);
        links.remove(path);
        return new MapTree(files, links, ids, directoryIds);
    }

    @Override
    public Optional<String> directoryId(String directory) {
        if (!directoryIds) {
            return Optional.empty();
        }
        String prefix = directory.isEmpty() ? "" : directory + "/";
        StringBuilder listing = new StringBuilder();
        files.forEach((path, bytes) -> {
            if (path.startsWith(prefix)) {
                listing.append("f ").append(path).append(' ').append(ids.get(path)).append('\n');
            }
        });
        symlinks.stream().filter(l -> l.startsWith(prefix)).sorted()
                .forEach(l -> listing.append("l ").append(l).append('\n'));
        return Optional.of(sha256(listing.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public List<String> paths() {
        return paths;
    }

    @Override
    public byte[] read(String path) {
        byte[] bytes = files.get(path);
        if (bytes == null) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "no file " + path + " in " + describe());
        }
        return bytes.clone();
    }

    @Override
    public Optional<String> contentId(String path) {
        return ids == null ? Optional.empty() : Optional.ofNullable(ids.get(path));
    }

    @Override
    public List<String> symlinks() {
        return symlinks;
    }

    @Override
    public String describe() {
        return "in-memory tree";
    }
}
