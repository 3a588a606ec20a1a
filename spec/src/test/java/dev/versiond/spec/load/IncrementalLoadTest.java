package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.tree.SpecTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Loading a tree with directory ids reuses unchanged component folders whole, and gives what a fresh load gives. */
class IncrementalLoadTest {

    @Test
    void aFolderWhoseDirectoryIdIsUnchangedIsNeitherListedNorRead() {
        SpecLoader loader = new SpecLoader();
        loader.load(MapTree.sample().withDirectoryIds());
        Recording tree = new Recording(MapTree.sample()
                .with("components/cms/migrations/1.2.0.yaml", "kind: Migration\nversion: 1.2.0\nup:\n  - id: s\n"
                        + "    service: { unit: cms.service, action: restart }\n")
                .withDirectoryIds());

        LoadResult result = loader.load(tree);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.state().orElseThrow().components()).containsOnlyKeys("cms", "db");
        assertThat(result.state().orElseThrow().components().get("cms").migrations()).hasSize(3);
        assertThat(tree.listed).contains("", "components", "components/cms").noneMatch(d -> d.startsWith("components/db"));
        assertThat(tree.read).containsExactly("components/cms/migrations/1.2.0.yaml");
    }

    @Test
    void incrementalLoadsEqualFreshLoadsThroughRandomEditsOfFilesAndFolders() {
        Random random = new Random(20261122);
        SpecLoader incremental = new SpecLoader();
        MapTree tree = MapTree.sample();
        for (int step = 0; step < 400; step++) {
            tree = edit(tree, random);
            LoadResult fresh = new SpecLoader().load(tree);
            LoadResult again = incremental.load(tree.withDirectoryIds());
            assertThat(again).as("step %d", step).isEqualTo(fresh);
        }
    }

    private static final List<String> FOLDERS = List.of("db", "cms", "web", "cache");

    private static final List<String> COMPONENT_FILES = List.of(
            "kind: Component\nname: %s\n",
            "kind: Component\nname: %s\ndependsOn:\n  db: \">=1.0.0\"\n",
            "kind: Component\nname: %s\ndependsOn:\n  cms: \">=1.0.0\"\n",
            "kind: Component\nnme: %s\n",
            "kind: Component\nname: %s\nconfig:\n  files:\n    - id: conf\n      file:\n        path: /etc/%1$s.conf\n"
                    + "        template: templates/app.conf.mustache\n");

    private static final List<String> MIGRATION_FILES = List.of(
            "kind: Migration\nversion: %s\nup:\n  - id: s\n    service: { unit: x.service, action: restart }\n",
            "kind: Migration\nversion: %s\nup:\n  - id: f\n    file: { path: /etc/x, template: templates/app.conf.mustache }\n",
            "kind: Migration\nversion: %s\nup:\n  - id: bad\n    rnu: {}\n",
            "kind: Migration\nversion: %s\nup:\n  - id: f\n    file: { path: /etc/y, template: templates/link.mustache }\n",
            "kind: Migration\nversion: 9.9.9\nup: []\n");

    private static final List<String> TEMPLATES = List.of("port={{config.port}}\n", "plain\n", "broken {{#x}}\n",
            "host={{config.db.host}}\n");

    private static final List<String> TARGETS = List.of(
            "kind: Target\nname: prod\ncomponents:\n  cms: { version: 1.1.0, config: { port: 8080 } }\n  db: { version: 1.0.0 }\n",
            "kind: Target\nname: prod\ncomponents:\n  web: { version: 1.0.0 }\n",
            "kind: Target\nname: prod\ncomponents:\n  cache: { version: 2.0.0, config: { port: 1 } }\n");

    private static MapTree edit(MapTree tree, Random random) {
        String folder = "components/" + FOLDERS.get(random.nextInt(FOLDERS.size()));
        String name = folder.substring("components/".length());
        String version = List.of("1.0.0", "1.1.0", "2.0.0").get(random.nextInt(3));
        return switch (random.nextInt(10)) {
            case 0 -> tree.with(folder + "/component.yaml", pick(COMPONENT_FILES, random).formatted(name));
            case 1, 2 -> tree.with(folder + "/migrations/" + version + ".yaml", pick(MIGRATION_FILES, random).formatted(version));
            case 3 -> tree.without(folder + "/migrations/" + version + ".yaml");
            case 4 -> tree.with(folder + "/templates/app.conf.mustache", pick(TEMPLATES, random));
            case 5 -> {
                MapTree without = tree;
                for (String path : tree.paths()) {
                    if (path.startsWith(folder + "/")) {
                        without = without.without(path);
                    }
                }
                yield without;
            }
            case 6 -> tree.with("targets/prod.yaml", pick(TARGETS, random));
            case 7 -> random.nextBoolean() ? tree.with(folder + "/notes.yaml", "a: 1\n")
                    : tree.without(folder + "/notes.yaml");
            case 8 -> tree.symlinks().contains(folder + "/templates/link.mustache")
                    ? tree.withoutSymlink(folder + "/templates/link.mustache")
                    : tree.withSymlink(folder + "/templates/link.mustache");
            default -> tree.with("components/" + name + "/README.md", "v" + random.nextInt(3));
        };
    }

    private static String pick(List<String> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }

    /** A tree that records which directories are listed and which files are read. */
    private static final class Recording implements SpecTree {
        private final SpecTree tree;
        final List<String> listed = new ArrayList<>();
        final List<String> read = new ArrayList<>();

        Recording(SpecTree tree) {
            this.tree = tree;
        }

        @Override
        public List<String> paths() {
            throw new AssertionError("a tree with directory ids is read directory by directory");
        }

        @Override
        public byte[] read(String path) {
            read.add(path);
            return tree.read(path);
        }

        @Override
        public Optional<String> contentId(String path) {
            return tree.contentId(path);
        }

        @Override
        public Optional<String> directoryId(String directory) {
            return tree.directoryId(directory);
        }

        @Override
        public List<Entry> list(String directory) {
            listed.add(directory);
            return tree.list(directory);
        }

        @Override
        public List<String> symlinks() {
            throw new AssertionError("a tree with directory ids is read directory by directory");
        }

        @Override
        public String describe() {
            return tree.describe();
        }
    }
}
