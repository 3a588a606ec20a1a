package dev.versiond.spec.bench;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.tree.DirectoryTree;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long reading and validating a large desired state takes: {@link DirectoryTree} + {@link SpecLoader}
 * over a generated repository of 1,000 components × 10 versions × 5 steps, with templates. Not a test:
 * run by {@code bench/spec-load.sh}, which starts a fresh JVM for the cold measurement.
 *
 * <pre>
 * SpecLoadBench generate DIR   # write the repository
 * SpecLoadBench cold DIR       # one load in this (fresh) JVM
 * SpecLoadBench warm DIR       # 10 loads to warm up, then the median of 10
 * </pre>
 */
public final class SpecLoadBench {
    static final int COMPONENTS = 1_000;
    static final int VERSIONS = 10;
    static final int TARGETS = 10;

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
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void cold(Path dir) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long start = System.nanoTime();
        LoadResult result = loadChecked(dir);
        long nanos = System.nanoTime() - start;
        System.out.printf("cold: load+validate %d ms (JVM start to loaded: %d ms)%n", nanos / 1_000_000,
                System.currentTimeMillis() - jvmStart);
        reportMemory(result);
    }

    private static void warm(Path dir) {
        for (int i = 0; i < 10; i++) {
            loadChecked(dir);
        }
        List<Long> millis = new ArrayList<>();
        LoadResult last = null;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            last = loadChecked(dir);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long median = (sorted.get(4) + sorted.get(5)) / 2;
        System.out.printf("warm: load+validate median %d ms over 10 runs after 10 warm-up runs (min %d, max %d): %s%n",
                median, sorted.get(0), sorted.get(9), millis);
        reportMemory(last);
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
