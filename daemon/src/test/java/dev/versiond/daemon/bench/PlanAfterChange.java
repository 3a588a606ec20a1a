package dev.versiond.daemon.bench;

import dev.versiond.daemon.execute.ExecutorOptions;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.HostStepExecutor;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.EngineSettings;
import dev.versiond.daemon.reconcile.GitDesiredSource;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.reconcile.ProgressSink;
import dev.versiond.daemon.reconcile.Reconciler;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Plan time after a one-file change in a generated repository of 5,000 components (3 versions of
 * 3 steps each, 100 targets of 50 components; this host matches one target). Measures whole
 * plan-only passes through the real Reconciler against a file:// remote: poll (ls-remote + fetch
 * of the change), tree listing, loading (parsed files cached by blob id), validation, planning.
 * Run by bench/plan-after-change.sh.
 */
public final class PlanAfterChange {
    private static final int COMPONENTS = 5_000;
    private static final int TARGETS = 100;

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("versiond-plan-bench");
        GitFixture repo = GitFixture.init(work.resolve("repo"));
        long t0 = System.nanoTime();
        generate(repo);
        repo.commit("5,000 components");
        System.out.printf("generated and committed %d components in %d ms%n", COMPONENTS, (System.nanoTime() - t0) / 1_000_000);

        Path state = work.resolve("state");
        try (SqliteStateStore store = SqliteStateStore.open(state, Clock.systemUTC());
             JGitSource source = JGitSource.open(repo.url(), "main", state, Clock.systemUTC())) {
            EngineSettings settings = new EngineSettings(new HostIdentity("host-7", Map.of("group", "g7")),
                    new HostRoot(work.resolve("root")), false, Map.of());
            Reconciler reconciler = new Reconciler(settings, new GitDesiredSource(source, "", repo.url()), store,
                    new HostStepExecutor(ExecutorOptions.defaults()), new SpecLoader(), Clock.systemUTC());
            System.out.printf("cold pass (clone, parse everything): %d ms%n", timed(reconciler));
            for (int i = 0; i < 10; i++) {
                timed(reconciler); // warm-up: no change
            }
            List<Long> noChange = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                noChange.add(timed(reconciler));
            }
            List<Long> oneFile = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                repo.write("components/c" + (i * 37) + "/migrations/1.2.0.yaml", migration("1.2.0", "edit" + i));
                repo.commit("edit one migration file");
                oneFile.add(timed(reconciler));
            }
            System.out.printf("warm pass, no change: median %d ms %s%n", median(noChange), noChange);
            System.out.printf("warm pass after a one-file commit: median %d ms %s%n", median(oneFile), oneFile);
        }
    }

    private static long timed(Reconciler reconciler) {
        long start = System.nanoTime();
        PassReport report = reconciler.pass("bench", false, false, ProgressSink.none(), () -> false);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (report.plan().isEmpty()) {
            throw new IllegalStateException("pass failed: " + report.outcome().summary());
        }
        return ms;
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static void generate(GitFixture repo) throws Exception {
        for (int c = 0; c < COMPONENTS; c++) {
            String name = "c" + c;
            repo.write("components/" + name + "/component.yaml", "kind: Component\nname: " + name + "\n");
            for (String v : Arrays.asList("1.0.0", "1.1.0", "1.2.0")) {
                repo.write("components/" + name + "/migrations/" + v + ".yaml", migration(v, name));
            }
        }
        for (int t = 0; t < TARGETS; t++) {
            StringBuilder target = new StringBuilder("kind: Target\nname: t" + t + "\nselector:\n  labels: { group: g" + t
                    + " }\ncomponents:\n");
            for (int c = t * (COMPONENTS / TARGETS); c < (t + 1) * (COMPONENTS / TARGETS); c++) {
                target.append("  c").append(c).append(": { version: 1.2.0 }\n");
            }
            repo.write("targets/t" + t + ".yaml", target.toString());
        }
    }

    private static String migration(String version, String salt) {
        return """
                kind: Migration
                version: %1$s
                up:
                  - id: release
                    run:
                      argv: [mkdir, -p, /opt/%2$s/releases/%1$s]
                      creates: /opt/%2$s/releases/%1$s
                      down: [rm, -rf, /opt/%2$s/releases/%1$s]
                  - id: marker
                    file: { path: /opt/%2$s/VERSION, content: "%1$s" }
                  - id: switch
                    link: { path: /opt/%2$s/current, target: /opt/%2$s/releases/%1$s }
                """.formatted(version, salt.startsWith("edit") ? "c0" + salt : salt);
    }
}
