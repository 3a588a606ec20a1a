package dev.versiond.daemon.bench;

import dev.versiond.daemon.execute.ExecutorOptions;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.HostStepExecutor;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.EngineSettings;
import dev.versiond.daemon.reconcile.PassPhase;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.reconcile.ProgressSink;
import dev.versiond.daemon.reconcile.Reconciler;
import dev.versiond.daemon.source.DesiredSource;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Whole plan-only passes of the real Reconciler, split by the pass's own phase times
 * ({@code PassReport.phases()}), after a one-file commit to a component this host's target names
 * and after one to a component no target of this host names, at 500, 5,000 and 20,000 components
 * (three versions of three steps each; this host's target names 5, the others 50 each), over a
 * file:// remote. Medians of {@value #CHANGES} commits of each kind, alternating. Run by
 * {@code bench/pass-phases-after-change.sh}.
 */
public final class PassPhasesAfterChange {
    private static final int CHANGES = 7;
    private static final int MINE = 5;
    private static final int PER_TARGET = 50;

    private PassPhasesAfterChange() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {500, 5000, 20000};
        System.out.printf("%-7s %-9s %9s %9s %9s %9s %9s %9s%n", "comps", "change", "pass ms", "ls-remote", "fetch",
                "verify", "load", "plan");
        for (int size : sizes) {
            run(size);
        }
    }

    private static void run(int components) throws Exception {
        Path work = Files.createTempDirectory("versiond-phases-bench");
        try (GitFixture repo = GitFixture.init(work.resolve("repo"))) {
            generate(repo, components);
            repo.commit(components + " components");
            Path state = work.resolve("state");
            try (SqliteStateStore store = SqliteStateStore.open(state, Clock.systemUTC());
                    DesiredSource source = DesiredSource.git(JGitSource.open(repo.url(), "main", state,
                            Clock.systemUTC()), "", repo.url())) {
                EngineSettings settings = new EngineSettings(new HostIdentity("host-1", Map.of("group", "mine")),
                        new HostRoot(work.resolve("root")), false, Map.of());
                Reconciler reconciler = new Reconciler(settings, source, store,
                        new HostStepExecutor(ExecutorOptions.defaults()), new SpecLoader(), Clock.systemUTC());
                pass(reconciler);
                for (int i = 0; i < 5; i++) {
                    pass(reconciler);
                }
                List<PassReport> mine = new ArrayList<>();
                List<PassReport> other = new ArrayList<>();
                for (int i = 0; i < CHANGES; i++) {
                    repo.write("components/c1/migrations/1.2.0.yaml", migration("1.2.0", "c1", "mine" + i));
                    repo.commit("edit a component of this host");
                    mine.add(pass(reconciler));
                    int far = components - 1 - i;
                    repo.write("components/c" + far + "/migrations/1.2.0.yaml", migration("1.2.0", "c" + far,
                            "other" + i));
                    repo.commit("edit a component of another host");
                    other.add(pass(reconciler));
                }
                print(components, "this host", mine);
                print(components, "another", other);
            }
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        }
    }

    private static PassReport pass(Reconciler reconciler) {
        PassReport report = reconciler.pass("bench", false, false, ProgressSink.none(), () -> false);
        if (report.plan().isEmpty()) {
            throw new IllegalStateException("pass failed: " + report.outcome().summary());
        }
        return report;
    }

    private static void print(int components, String change, List<PassReport> reports) {
        Map<PassPhase, Double> medians = new EnumMap<>(PassPhase.class);
        for (PassPhase phase : List.of(PassPhase.LS_REMOTE, PassPhase.FETCH, PassPhase.VERIFY, PassPhase.LOAD,
                PassPhase.PLAN)) {
            List<Double> values = new ArrayList<>();
            reports.forEach(r -> values.add(r.phases().times().getOrDefault(phase, Duration.ZERO).toNanos() / 1e6));
            Collections.sort(values);
            medians.put(phase, values.get(values.size() / 2));
        }
        List<Double> totals = new ArrayList<>();
        reports.forEach(r -> totals.add(r.phases().times().values().stream().mapToLong(Duration::toNanos).sum() / 1e6));
        Collections.sort(totals);
        System.out.printf("%-7d %-9s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n", components, change,
                totals.get(totals.size() / 2), medians.get(PassPhase.LS_REMOTE), medians.get(PassPhase.FETCH),
                medians.get(PassPhase.VERIFY), medians.get(PassPhase.LOAD), medians.get(PassPhase.PLAN));
    }

    private static void generate(GitFixture repo, int components) {
        for (int c = 0; c < components; c++) {
            String name = "c" + c;
            repo.write("components/" + name + "/component.yaml", "kind: Component\nname: " + name + "\n");
            for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
                repo.write("components/" + name + "/migrations/" + v + ".yaml", migration(v, name, ""));
            }
        }
        StringBuilder mine = new StringBuilder("kind: Target\nname: mine\nselector:\n  labels: { group: mine }\n"
                + "components:\n");
        for (int c = 0; c < MINE; c++) {
            mine.append("  c").append(c).append(": { version: 1.2.0 }\n");
        }
        repo.write("targets/mine.yaml", mine.toString());
        for (int t = 0; MINE + t * PER_TARGET < components; t++) {
            StringBuilder target = new StringBuilder("kind: Target\nname: t" + t + "\nselector:\n  labels: { group: g"
                    + t + " }\ncomponents:\n");
            for (int c = MINE + t * PER_TARGET; c < Math.min(components, MINE + (t + 1) * PER_TARGET); c++) {
                target.append("  c").append(c).append(": { version: 1.2.0 }\n");
            }
            repo.write("targets/t" + t + ".yaml", target.toString());
        }
    }

    private static String migration(String version, String name, String salt) {
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
                    file: { path: /opt/%2$s/VERSION, content: "%1$s%3$s" }
                """.formatted(version, name, salt);
    }
}
