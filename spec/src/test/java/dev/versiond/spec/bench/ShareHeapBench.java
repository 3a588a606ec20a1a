package dev.versiond.spec.bench;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.load.Share;
import dev.versiond.spec.load.ShareLoad;
import dev.versiond.spec.load.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many bytes of heap a loaded share keeps per byte of its files: the factor behind the agent's
 * share budget ({@code reconcile.ShareBudget}). A share of N components with V versions each (a
 * template per component; "small": one-step migrations, "large": five steps with a verify check),
 * loaded through one SpecLoader from a tree with directory ids (as from Git); the heap used after
 * full collections, holding the result and the loader, minus the heap before. Run by
 * {@code bench/share-heap.sh}.
 */
public final class ShareHeapBench {
    private ShareHeapBench() {
    }

    public static void main(String[] args) {
        System.out.printf("%-6s %-9s %-6s %12s %14s %8s%n", "comps", "versions", "files", "share bytes",
                "heap retained", "factor");
        for (String kind : new String[] {"small", "large"}) {
            for (int n : new int[] {300, 1000, 3000}) {
                run(n, 3, kind);
            }
            run(1000, 10, kind);
        }
    }

    private static void run(int components, int versions, String kind) {
        Map<String, String> files = new TreeMap<>();
        StringBuilder target = new StringBuilder("kind: Target\nname: all\ncomponents:\n");
        for (int c = 0; c < components; c++) {
            String name = "c" + c;
            files.put("components/" + name + "/component.yaml", "kind: Component\nname: " + name + "\n");
            files.put("components/" + name + "/templates/app.conf.mustache",
                    "port={{config.port}}\nname={{component}} version={{version}}\n");
            for (int v = 0; v < versions; v++) {
                String version = "1." + v + ".0";
                files.put("components/" + name + "/migrations/" + version + ".yaml",
                        kind.equals("small") ? small(version, name) : large(version, name));
            }
            target.append("  ").append(name).append(": { version: 1.").append(versions - 1)
                    .append(".0, config: { port: 80 } }\n");
        }
        files.put("targets/all.yaml", target.toString());
        MapTree tree = MapTree.of(files).withDirectoryIds();
        long before = used();
        SpecLoader loader = new SpecLoader();
        ShareLoad share = loader.loadShare(tree, new Share("host", Map.of()));
        long after = used();
        if (share.result().hasErrors()) {
            throw new IllegalStateException(share.result().diagnostics().get(0).toString());
        }
        System.out.printf("%-6d %-9d %-6s %12d %14d %8.1f%n", components, versions, kind, share.bytes(),
                after - before, (after - before) / (double) share.bytes());
        if (loader.parseCount() < 0 || share.components().isEmpty()) {
            throw new IllegalStateException(); // keeps both reachable until after the measurement
        }
    }

    private static long used() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String small(String version, String name) {
        return "kind: Migration\nversion: " + version + "\nup:\n  - id: s\n    service: { unit: " + name
                + ".service, action: restart }\n";
    }

    private static String large(String version, String name) {
        return """
                kind: Migration
                version: %1$s
                description: release %1$s of %2$s
                up:
                  - id: release
                    run:
                      argv: [mkdir, -p, /opt/%2$s/releases/%1$s]
                      creates: /opt/%2$s/releases/%1$s
                      down: [rm, -rf, /opt/%2$s/releases/%1$s]
                  - id: marker
                    file: { path: /opt/%2$s/VERSION, content: "%1$s" }
                  - id: conf
                    file: { path: /etc/%2$s.conf, template: templates/app.conf.mustache }
                  - id: switch
                    link: { path: /opt/%2$s/current, target: /opt/%2$s/releases/%1$s }
                verify:
                  - id: up
                    check: { http: "http://127.0.0.1:8080/health", deadline: 30s }
                """.formatted(version, name);
    }
}
