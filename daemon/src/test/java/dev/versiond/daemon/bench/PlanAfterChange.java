package dev.versiond.daemon.bench;

import dev.versiond.daemon.execute.ExecutorOptions;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.HostStepExecutor;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.EngineSettings;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.reconcile.ProgressSink;
import dev.versiond.daemon.reconcile.Reconciler;
import dev.versiond.daemon.source.DesiredSource;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.source.Snapshot;
import dev.versiond.daemon.source.Source;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.spec.load.SpecLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan time after a one-file change in a generated repository of 5,000 components (3 versions of
 * 3 steps each, 100 targets of 50 components; this host matches one target). Measures whole
 * plan-only passes through the real Reconciler against a file:// remote: poll (ls-remote + fetch
 * of the change), tree listing, loading (parsed files cached by blob id), validation, planning.
 * Each pass is also split into its parts: read (poll + fetch, then the tree listing), load (a
 * second {@link SpecLoader} that has seen the same trees loads the pass's tree again, so it pays
 * what the reconciler's loader paid) and the rest (observation and planning: the pass minus read
 * minus load). Wall time and the CPU time of the benchmark thread are both reported, since the
 * machine is shared. Run by bench/plan-after-change.sh.
 */
public final class PlanAfterChange {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
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
            TimedSource timedSource = new TimedSource(source, repo.url());
            SpecLoader shadow = new SpecLoader();
            Reconciler reconciler = new Reconciler(settings, timedSource, store,
                    new HostStepExecutor(ExecutorOptions.defaults()), new SpecLoader(), Clock.systemUTC());
            Sample cold = pass(reconciler, timedSource, shadow);
            System.out.printf("cold pass (clone, parse everything): %s%n", cold);
            for (int i = 0; i < 10; i++) {
                pass(reconciler, timedSource, shadow); // warm-up: no change
            }
            List<Sample> noChange = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                noChange.add(pass(reconciler, timedSource, shadow));
            }
            List<Sample> oneFile = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                repo.write("components/c" + (i * 37) + "/migrations/1.2.0.yaml", migration("1.2.0", "edit" + i));
                repo.commit("edit one migration file");
                oneFile.add(pass(reconciler, timedSource, shadow));
            }
            report("warm pass, no change", noChange);
            report("warm pass after a one-file commit", oneFile);
        }
    }

    /** Milliseconds of wall clock and of this thread's CPU for each part of one pass. */
    private record Sample(double pass, double passCpu, double poll, double pollCpu, double tree, double treeCpu,
                          double load, double loadCpu) {
        double rest() {
            return pass - poll - tree - load;
        }

        double restCpu() {
            return passCpu - pollCpu - treeCpu - loadCpu;
        }

        @Override
        public String toString() {
            return String.format("pass %.0f ms (cpu %.0f): poll+fetch %.0f (%.0f), tree %.0f (%.0f), load %.0f (%.0f), "
                    + "observe+plan %.0f (%.0f)", pass, passCpu, poll, pollCpu, tree, treeCpu, load, loadCpu, rest(), restCpu());
        }
    }

    private static void report(String what, List<Sample> samples) {
        System.out.printf("%s (median of %d; wall ms, thread cpu ms in brackets):%n", what, samples.size());
        System.out.printf("  whole pass      %6.1f (%6.1f)   min %.1f max %.1f%n", median(samples, Sample::pass),
                median(samples, Sample::passCpu), min(samples, Sample::pass), max(samples, Sample::pass));
        System.out.printf("  poll + fetch    %6.1f (%6.1f)%n", median(samples, Sample::poll), median(samples, Sample::pollCpu));
        System.out.printf("  tree listing    %6.1f (%6.1f)%n", median(samples, Sample::tree), median(samples, Sample::treeCpu));
        System.out.printf("  load + validate %6.1f (%6.1f)%n", median(samples, Sample::load), median(samples, Sample::loadCpu));
        System.out.printf("  observe + plan  %6.1f (%6.1f)%n", median(samples, Sample::rest), median(samples, Sample::restCpu));
        System.out.printf("  after the fetch (tree + load + plan) %6.1f (%6.1f)%n",
                median(samples, s -> s.pass() - s.poll()), median(samples, s -> s.passCpu() - s.pollCpu()));
        samples.forEach(s -> System.out.println("    " + s));
    }

    private static Sample pass(Reconciler reconciler, TimedSource source, SpecLoader shadow) {
        long start = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        PassReport report = reconciler.pass("bench", false, false, ProgressSink.none(), () -> false);
        double passMs = (System.nanoTime() - start) / 1e6;
        double passCpu = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
        if (report.plan().isEmpty()) {
            throw new IllegalStateException("pass failed: " + report.outcome().summary());
        }
        long loadStart = System.nanoTime();
        long loadCpu = THREADS.getCurrentThreadCpuTime();
        if (shadow.load(report.snapshot().orElseThrow().tree()).hasErrors()) {
            throw new IllegalStateException("the shadow load found errors");
        }
        return new Sample(passMs, passCpu, source.poll, source.pollCpu, source.tree, source.treeCpu,
                (System.nanoTime() - loadStart) / 1e6, (THREADS.getCurrentThreadCpuTime() - loadCpu) / 1e6);
    }

    /** {@link DesiredSource#git}, with poll (and fetch) timed apart from listing the tree. */
    private static final class TimedSource implements DesiredSource {
        private final Source source;
        private final String url;
        double poll;
        double pollCpu;
        double tree;
        double treeCpu;

        TimedSource(Source source, String url) {
            this.source = source;
            this.url = url;
        }

        @Override
        public Snapshot read() {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            Commit commit = source.poll();
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            Snapshot snap = new Snapshot(source.tree(commit, ""), Optional.of(commit));
            poll = (t1 - t0) / 1e6;
            pollCpu = (c1 - c0) / 1e6;
            tree = (System.nanoTime() - t1) / 1e6;
            treeCpu = (THREADS.getCurrentThreadCpuTime() - c1) / 1e6;
            return snap;
        }

        /** The bench follows an unsigned repository: nothing to verify. */
        @Override
        public Snapshot verify(Snapshot snapshot, Optional<String> lastApplied) {
            return snapshot;
        }

        @Override
        public boolean isDescendant(String commit, String ancestor) {
            return source.isDescendant(commit, ancestor);
        }

        @Override
        public String describe() {
            return url;
        }

        @Override
        public void close() {
            source.close();
        }
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        double[] sorted = samples.stream().mapToDouble(f).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static double min(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).min().orElse(0);
    }

    private static double max(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).max().orElse(0);
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
