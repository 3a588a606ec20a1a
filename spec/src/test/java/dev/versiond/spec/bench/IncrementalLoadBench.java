package dev.versiond.spec.bench;

import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.tree.SpecTree;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a warm re-load after a one-file change grows with the repository: the same layout as the
 * daemon's plan bench (component.yaml and 3 migrations per component, targets of 50 components),
 * at 1,000, 5,000 and 20,000 components, in memory, with directory ids the way a Git tree has
 * them (so no Git and no disk in the measurement). Usage: {@code java -cp ... IncrementalLoadBench}.
 */
public final class IncrementalLoadBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1_000, 5_000, 20_000, 5_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int size : sizes) {
            run(size);
        }
    }

    private static void run(int components) {
        Repository repo = new Repository(components);
        SpecLoader loader = new SpecLoader();
        check(loader.load(repo.tree()));
        for (int i = 0; i < 20; i++) {
            repo.edit(i);
            check(loader.load(repo.tree()));
        }
        double[] wall = new double[30];
        double[] cpu = new double[30];
        for (int i = 0; i < 30; i++) {
            repo.edit(100 + i);
            SpecTree tree = repo.tree();
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            check(loader.load(tree));
            wall[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%,6d components: re-load after a one-file change, median %.1f ms wall (min %.1f), "
                + "%.1f ms CPU (min %.1f)%n", components, wall[15], wall[0], cpu[15], cpu[0]);
    }

    private static void check(LoadResult result) {
        if (result.hasErrors()) {
            throw new IllegalStateException(result.diagnostics().get(0).toString());
        }
    }

    /** The files in memory; ids are version counters, as fresh as Git's object ids would be. */
    private static final class Repository {
        private final Map<String, Map<String, byte[]>> folders = new TreeMap<>();
        private final Map<String, Integer> folderVersions = new HashMap<>();
        private final Map<String, byte[]> targets = new TreeMap<>();
        private final int size;
        private int generation;
        private List<SpecTree.Entry> componentEntries;

        Repository(int size) {
            this.size = size;
            for (int c = 0; c < size; c++) {
                Map<String, byte[]> files = new TreeMap<>();
                files.put("component.yaml", ("kind: Component\nname: c" + c + "\n").getBytes(StandardCharsets.UTF_8));
                for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
                    files.put("migrations/" + v + ".yaml", migration(v, "c" + c));
                }
                folders.put("c" + c, files);
                folderVersions.put("c" + c, 0);
            }
            for (int t = 0; t < size / 50; t++) {
                StringBuilder target = new StringBuilder("kind: Target\nname: t" + t + "\nselector:\n  labels: { group: g"
                        + t + " }\ncomponents:\n");
                for (int c = t * 50; c < (t + 1) * 50; c++) {
                    target.append("  c").append(c).append(": { version: 1.2.0 }\n");
                }
                targets.put("t" + t + ".yaml", target.toString().getBytes(StandardCharsets.UTF_8));
            }
            componentEntries = entries();
        }

        void edit(int i) {
            String name = "c" + (i * 37 % size);
            folders.get(name).put("migrations/1.2.0.yaml", migration("1.2.0", "edit" + i));
            folderVersions.merge(name, 1, Integer::sum);
            generation++;
            componentEntries = entries();
        }

        private List<SpecTree.Entry> entries() {
            List<SpecTree.Entry> entries = new ArrayList<>();
            folders.keySet().forEach(name -> entries.add(new SpecTree.Entry(name, SpecTree.Entry.Type.DIRECTORY,
                    Optional.of(name + "@" + folderVersions.get(name)))));
            return List.copyOf(entries);
        }

        private static byte[] migration(String version, String salt) {
            return ("kind: Migration\nversion: " + version + "\nup:\n  - id: release\n    run:\n"
                    + "      argv: [mkdir, -p, /opt/" + salt + "/releases/" + version + "]\n"
                    + "      creates: /opt/" + salt + "/releases/" + version + "\n"
                    + "      down: [rm, -rf, /opt/" + salt + "/releases/" + version + "]\n"
                    + "  - id: marker\n    file: { path: /opt/" + salt + "/VERSION, content: \"" + version + "\" }\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        SpecTree tree() {
            int at = generation;
            List<SpecTree.Entry> components = componentEntries;
            return new SpecTree() {
                @Override
                public List<String> paths() {
                    throw new UnsupportedOperationException("read by directory");
                }

                @Override
                public Optional<String> directoryId(String directory) {
                    return directory.isEmpty() ? Optional.of("root@" + at) : Optional.empty();
                }

                @Override
                public List<Entry> list(String directory) {
                    if (directory.isEmpty()) {
                        return List.of(new Entry("components", Entry.Type.DIRECTORY, Optional.of("c@" + at)),
                                new Entry("targets", Entry.Type.DIRECTORY, Optional.of("t")));
                    }
                    if (directory.equals("components")) {
                        return components;
                    }
                    if (directory.equals("targets")) {
                        return targets.keySet().stream().map(n -> new Entry(n, Entry.Type.FILE, Optional.of(n))).toList();
                    }
                    String[] parts = directory.split("/", 3);
                    Map<String, byte[]> files = folders.get(parts[1]);
                    String prefix = parts.length == 3 ? parts[2] + "/" : "";
                    Map<String, Entry> found = new TreeMap<>();
                    files.forEach((path, bytes) -> {
                        if (path.startsWith(prefix)) {
                            String rest = path.substring(prefix.length());
                            int slash = rest.indexOf('/');
                            found.putIfAbsent(slash < 0 ? rest : rest.substring(0, slash), slash < 0
                                    ? new Entry(rest, Entry.Type.FILE, contentId(directory + "/" + rest))
                                    : new Entry(rest.substring(0, slash), Entry.Type.DIRECTORY, Optional.empty()));
                        }
                    });
                    return List.copyOf(found.values());
                }

                @Override
                public byte[] read(String path) {
                    if (path.startsWith("targets/")) {
                        return targets.get(path.substring("targets/".length()));
                    }
                    String[] parts = path.split("/", 3);
                    return folders.get(parts[1]).get(parts[2]);
                }

                @Override
                public Optional<String> contentId(String path) {
                    if (path.startsWith("targets/")) {
                        return Optional.of(path);
                    }
                    String[] parts = path.split("/", 3);
                    byte[] bytes = folders.get(parts[1]).get(parts[2]);
                    return bytes == null ? Optional.empty() : Optional.of(Integer.toHexString(Arrays.hashCode(bytes)));
                }

                @Override
                public String describe() {
                    return "generated repository";
                }
            };
        }
    }
}
