package dev.versiond.spec.load;

import dev.versiond.spec.MapTree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a warm {@link SpecLoader} takes to re-load a large repository after a one-file change,
 * the daemon's case on every poll that finds a new commit: {@code components} components ×
 * {@code versions} versions × 5 steps with templates, 10 targets, in a tree with content ids.
 * Not a test (timings on a shared machine are not assertions):
 * {@code java -cp ... dev.versiond.spec.load.WarmReloadBench [components] [versions]}.
 */
public final class WarmReloadBench {
    private WarmReloadBench() {
    }

    public static void main(String[] args) {
        int components = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int versions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        MapTree tree = generate(components, versions).withContentIds();
        SpecLoader loader = new SpecLoader();

        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        LoadResult first = loader.load(tree);
        System.out.printf("cold load (parses %d files): %d ms wall, %d ms CPU, errors %d%n", loader.parseCount(),
                (System.nanoTime() - start) / 1_000_000, (cpu.getCurrentThreadCpuTime() - cpuStart) / 1_000_000,
                first.errorCount());
        if (first.hasErrors()) {
            first.diagnostics().stream().limit(5).forEach(System.out::println);
            return;
        }
        int warmups = Integer.getInteger("warmups", 20);
        for (int i = 0; i < warmups; i++) {
            loader.load(tree);
        }
        List<Double> unchanged = new ArrayList<>();
        List<Double> oneFile = new ArrayList<>();
        List<Double> oneFileCpu = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            start = System.nanoTime();
            loader.load(tree);
            unchanged.add((System.nanoTime() - start) / 1e6);
            String path = String.format("components/svc-%04d/migrations/1.0.0.yaml", i);
            MapTree changed = tree.with(path, migration(String.format("svc-%04d", i), "1.0.0", "# edit " + i));
            long parsesBefore = loader.parseCount();
            start = System.nanoTime();
            cpuStart = cpu.getCurrentThreadCpuTime();
            LoadResult r = loader.load(changed);
            oneFile.add((System.nanoTime() - start) / 1e6);
            oneFileCpu.add((cpu.getCurrentThreadCpuTime() - cpuStart) / 1e6);
            if (r.hasErrors() || loader.parseCount() != parsesBefore + 1) {
                throw new IllegalStateException("expected exactly one re-parse and no errors");
            }
        }
        System.out.printf("warm re-load, nothing changed: median %.1f ms %s%n", median(unchanged), round(unchanged));
        System.out.printf("warm re-load, one file changed: median %.1f ms wall %s%n", median(oneFile), round(oneFile));
        System.out.printf("warm re-load, one file changed: median %.1f ms CPU of the loading thread %s%n",
                median(oneFileCpu), round(oneFileCpu));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static List<Long> round(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }

    static MapTree generate(int components, int versions) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int c = 0; c < components; c++) {
            String name = String.format("svc-%04d", c);
            String dir = "components/" + name + "/";
            String dependsOn = c == 0 ? "" : String.format("dependsOn:%n  svc-%04d: \">=1.0.0\"%n", c - 1);
            files.put(dir + "component.yaml", "kind: Component\nname: " + name + "\n" + dependsOn
                    + "config:\n  files:\n    - id: app-conf\n      file:\n        path: /etc/" + name + "/app.conf\n"
                    + "        template: templates/app.conf.mustache\n        mode: \"0640\"\n"
                    + "  onChange:\n    - id: reload\n      service: { unit: " + name + ".service, action: reload }\n");
            files.put(dir + "templates/app.conf.mustache", "port = {{config.port}}\nlog = {{config.log.level}}\n");
            files.put(dir + "templates/release.mustache", "{{component}} {{version}}\n");
            for (int v = 0; v < versions; v++) {
                String version = "1." + v + ".0";
                files.put(dir + "migrations/" + version + ".yaml", migration(name, version, ""));
            }
        }
        int targets = 10;
        int perTarget = Math.max(1, components / targets);
        for (int t = 0; t < targets; t++) {
            StringBuilder y = new StringBuilder("kind: Target\nname: shard-" + t + "\nselector:\n  labels: { shard: \""
                    + t + "\" }\ncomponents:\n");
            for (int c = t * perTarget; c < Math.min(components, (t + 1) * perTarget); c++) {
                y.append(String.format("  svc-%04d:%n    version: 1.%d.0%n    config:%n      port: %d%n"
                        + "      log: { level: info }%n", c, c % versions, 10_000 + c));
            }
            files.put("targets/shard-" + t + ".yaml", y.toString());
        }
        return MapTree.of(files);
    }

    static String migration(String name, String version, String comment) {
        String release = "/opt/" + name + "/releases/" + version;
        return "kind: Migration\ncomponent: " + name + "\nversion: " + version + "\n" + comment + "\nup:\n"
                + "  - id: unpack\n    run:\n      argv: [tar, -xzf, /var/cache/" + name + ".tgz, -C, /opt/" + name
                + "/releases]\n      creates: " + release + "\n      down: [rm, -rf, " + release + "]\n"
                + "  - id: release-file\n    file: { path: " + release + "/RELEASE, template: templates/release.mustache }\n"
                + "  - id: switch-current\n    link: { path: /opt/" + name + "/current, target: " + release + " }\n"
                + "  - id: restart\n    service: { unit: " + name + ".service, action: restart }\n"
                + "verify:\n  - id: health\n    check: { http: \"http://127.0.0.1:8080/healthz\", deadline: 30s }\n";
    }
}
