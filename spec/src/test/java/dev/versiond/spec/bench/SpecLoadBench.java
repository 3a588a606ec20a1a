package dev.versiond.spec.bench;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.tree.DirectoryTree;
import dev.versiond.spec.tree.SpecTree;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * How long reading and validating a large desired state takes: {@link DirectoryTree} + {@link SpecLoader}
 * over a generated repository of 1,000 components × 10 versions × 5 steps, with templates. Not a test:
 * run by {@code bench/spec-load.sh}, which starts a fresh JVM for the cold measurement.
 *
 * <pre>
 * SpecLoadBench generate DIR   # write the repository
 * SpecLoadBench cold DIR       # one load in this (fresh) JVM
 * SpecLoadBench warm DIR       # 10 loads to warm up, then the median of 10
 * SpecLoadBench parse-only DIR # the floor: SnakeYAML composing every YAML file, nothing else, warm
 * SpecLoadBench warm-ids DIR   # warm, one SpecLoader reused over a tree with content ids (as a Git commit has)
 * </pre>
 */
public final class SpecLoadBench {
    static final int COMPONENTS = 1_000;
    static final int VERSIONS = 10;
    static final int TARGETS = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU of the whole process (the loader reads folders in parallel; includes JIT and GC threads). */
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SpecLoadBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SpecLoadBench generate|cold|warm DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "generate" -> generate(dir);
            case "cold" -> cold(dir);
            case "warm" -> warm(dir);
            case "parse-only" -> parseOnly(dir);
            case "warm-ids" -> warmWithContentIds(dir);
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void cold(Path dir) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long processStart = OS.getProcessCpuTime();
        LoadResult result = loadChecked(dir);
        long nanos = System.nanoTime() - start;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long process = OS.getProcessCpuTime() - processStart;
        System.out.printf("cold: load+validate %d ms wall, %d ms CPU of the loading thread, %d ms CPU of the process "
                + "(JVM start to loaded: %d ms)%n", nanos / 1_000_000, cpu / 1_000_000, process / 1_000_000,
                System.currentTimeMillis() - jvmStart);
        reportMemory(result);
    }

    private static void warm(Path dir) {
        for (int i = 0; i < 10; i++) {
            loadChecked(dir);
        }
        List<Long> millis = new ArrayList<>();
        List<Long> cpuMillis = new ArrayList<>();
        List<Long> processMillis = new ArrayList<>();
        LoadResult last = null;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long processStart = OS.getProcessCpuTime();
            last = loadChecked(dir);
            millis.add((System.nanoTime() - start) / 1_000_000);
            cpuMillis.add((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
            processMillis.add((OS.getProcessCpuTime() - processStart) / 1_000_000);
        }
        Collections.sort(processMillis);
        System.out.printf("warm: CPU of the process, median %d ms (min %d, max %d)%n",
                (processMillis.get(4) + processMillis.get(5)) / 2, processMillis.get(0), processMillis.get(9));
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long median = (sorted.get(4) + sorted.get(5)) / 2;
        System.out.printf("warm: load+validate median %d ms over 10 runs after 10 warm-up runs (min %d, max %d): %s%n",
                median, sorted.get(0), sorted.get(9), millis);
        Collections.sort(cpuMillis);
        System.out.printf("warm: CPU of the loading thread, median %d ms (min %d, max %d)%n",
                (cpuMillis.get(4) + cpuMillis.get(5)) / 2, cpuMillis.get(0), cpuMillis.get(9));
        reportMemory(last);
    }

    /**
     * The daemon's steady state: trees come from Git commits, whose blob ids let one SpecLoader skip
     * unchanged files. Simulated with ids computed once up front (Git has them for free).
     */
    private static void warmWithContentIds(Path dir) {
        DirectoryTree files = DirectoryTree.of(dir);
        Map<String, String> ids = new HashMap<>();
        for (String path : files.paths()) {
            ids.put(path, Integer.toHexString(Arrays.hashCode(files.read(path))));
        }
        SpecTree tree = new SpecTree() {
            @Override
            public List<String> paths() {
                return files.paths();
            }

            @Override
            public byte[] read(String path) {
                return files.read(path);
            }

            @Override
            public Optional<String> contentId(String path) {
                return Optional.ofNullable(ids.get(path));
            }

            @Override
            public String describe() {
                return files.describe() + " (with content ids)";
            }
        };
        SpecLoader loader = new SpecLoader();
        for (int i = 0; i < 10; i++) {
            loader.load(tree);
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            LoadResult result = loader.load(tree);
            millis.add((System.nanoTime() - start) / 1_000_000);
            if (result.state().isEmpty()) {
                throw new IllegalStateException("the generated repository does not load");
            }
        }
        Collections.sort(millis);
        System.out.printf("warm-ids: re-load of an unchanged tree with content ids, one loader: median %d ms "
                + "(min %d, max %d); files parsed in total: %d%n", (millis.get(4) + millis.get(5)) / 2, millis.get(0),
                millis.get(9), loader.parseCount());
    }

    /** What SnakeYAML alone costs (read + compose every YAML file), to see what dominates a load. */
    private static void parseOnly(Path dir) throws IOException {
        List<Path> files;
        try (var walk = Files.walk(dir)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml")).toList();
        }
        List<Long> cpuMillis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            int nodes = 0;
            for (Path f : files) {
                LoaderOptions options = new LoaderOptions();
                options.setAllowDuplicateKeys(false);
                nodes += new Yaml(options).compose(new StringReader(Files.readString(f))).getStartMark().getLine();
            }
            if (i >= 10) {
                cpuMillis.add((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000 + nodes * 0L);
            }
        }
        Collections.sort(cpuMillis);
        System.out.printf("parse-only: %d YAML files read and composed by SnakeYAML, CPU median %d ms (min %d, max %d)%n",
                files.size(), (cpuMillis.get(4) + cpuMillis.get(5)) / 2, cpuMillis.get(0), cpuMillis.get(9));
    }

    private static LoadResult loadChecked(Path dir) {
        LoadResult result = new SpecLoader().load(DirectoryTree.of(dir));
        List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty() || result.state().isEmpty()) {
            errors.stream().limit(10).forEach(System.err::println);
            throw new IllegalStateException("the generated repository does not load: " + errors.size() + " errors");
        }
        return result;
    }

    /** Heap still in use with the loaded state reachable, after a full collection. */
    private static void reportMemory(LoadResult keep) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        System.out.printf("memory: heap in use with the state loaded, after GC: %d MiB (max heap %d MiB); %d components%n",
                used >> 20, rt.maxMemory() >> 20, keep.state().orElseThrow().components().size());
    }

    static void generate(Path root) throws IOException {
        for (int c = 0; c < COMPONENTS; c++) {
            String name = String.format("svc-%04d", c);
            Path folder = root.resolve("components").resolve(name);
            write(folder.resolve("component.yaml"), component(name, c));
            write(folder.resolve("templates/app.conf.mustache"),
                    "# {{component}} {{version}} on {{host}}\nport = {{config.port}}\nlog = {{config.log.level}}\n"
                            + "{{#config.peers}}peer = {{.}}\n{{/config.peers}}");
            write(folder.resolve("templates/release.mustache"), "{{component}} {{version}}\n");
            for (int v = 0; v < VERSIONS; v++) {
                String version = "1." + v + ".0";
                write(folder.resolve("migrations").resolve(version + ".yaml"), migration(name, version));
            }
        }
        int perTarget = COMPONENTS / TARGETS;
        for (int t = 0; t < TARGETS; t++) {
            StringBuilder y = new StringBuilder();
            y.append("kind: Target\nname: shard-").append(t).append("\nselector:\n  labels: { shard: \"").append(t)
                    .append("\" }\ncomponents:\n");
            for (int c = t * perTarget; c < (t + 1) * perTarget; c++) {
                y.append(String.format("  svc-%04d:%n    version: 1.%d.0%n    config:%n      port: %d%n"
                        + "      log: { level: info }%n      peers: [a.internal, b.internal]%n", c, c % VERSIONS, 10_000 + c));
            }
            y.append("rollout:\n  waves: [10, 50, 100]\n  bake: 30m\nwindows:\n  - cron: \"0 0 2 ? * SAT,SUN\"\n"
                    + "    duration: 2h\n    timezone: Europe/Berlin\n");
            write(root.resolve("targets/shard-" + t + ".yaml"), y.toString());
        }
        System.out.printf("generated %d components x %d versions x 5 steps, %d targets in %s%n", COMPONENTS, VERSIONS,
                TARGETS, root);
    }

    private static String component(String name, int index) {
        String dependsOn = index == 0 ? "" : String.format("dependsOn:%n  svc-%04d: \">=1.0.0\"%n", index - 1);
        return "kind: Component\nname: " + name + "\ndescription: Generated service " + index + "\n" + dependsOn
                + "config:\n  files:\n    - id: app-conf\n      file:\n        path: /etc/" + name + "/app.conf\n"
                + "        template: templates/app.conf.mustache\n        mode: \"0640\"\n"
                + "  onChange:\n    - id: reload\n      service: { unit: " + name + ".service, action: reload }\n";
    }

    private static String migration(String name, String version) {
        String release = "/opt/" + name + "/releases/" + version;
        return "kind: Migration\ncomponent: " + name + "\nversion: " + version + "\nup:\n"
                + "  - id: unpack\n    run:\n      argv: [tar, -xzf, /var/cache/" + name + "/" + version + ".tgz, -C, "
                + "/opt/" + name + "/releases]\n      creates: " + release + "\n      down: [rm, -rf, " + release + "]\n"
                + "    timeout: 5m\n    retries: 2\n"
                + "  - id: release-file\n    file:\n      path: " + release + "/RELEASE\n"
                + "      template: templates/release.mustache\n      mode: \"0644\"\n"
                + "  - id: switch-current\n    link: { path: /opt/" + name + "/current, target: " + release + " }\n"
                + "  - id: restart\n    service: { unit: " + name + ".service, action: restart }\n"
                + "  - id: migrate\n    run:\n      argv: [" + release + "/bin/migrate, up]\n"
                + "      unless: [" + release + "/bin/migrate, status]\n"
                + "      down: { argv: [" + release + "/bin/migrate, down], env: { MODE: safe }, cwd: /opt/" + name + " }\n"
                + "verify:\n  - id: health\n    check: { http: \"http://127.0.0.1:8080/healthz\", deadline: 30s }\n";
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
