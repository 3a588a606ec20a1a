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
import dev.versiond.daemon.testing.GitDaemonProcess;
import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.tree.SpecTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Whole plan-only passes of the real Reconciler, split by the pass's own phase times
 * ({@code PassReport.phases()}), after a one-file commit to a component this host's target names
 * and after one to a component no target of this host names, at 500, 5,000 and 20,000 components
 * ({@code bench/share-repo.py}: three versions of two steps each; this host's target names 5, the
 * others 50 each), over git:// ({@code git daemon}; {@code -Dtransport=file} for JGit's in-process
 * file:// transport). Medians of {@value #CHANGES} commits of each kind, alternating. Beside each
 * pass, the same commit's tree loaded whole by a second, equally warm loader (what a pass loaded
 * before it loaded only its share, and what {@code versiond validate} loads); and git's own
 * {@code git fetch} of the same commit into a bare mirror of its own, from the same server, with the
 * size of the {@code components/} tree object that every commit rewrites (what a fetch of any change
 * must transfer, whatever the component). Run by {@code bench/pass-phases-after-change.sh}.
 */
public final class PassPhasesAfterChange {
    private static final int CHANGES = 7;
    private static final List<PassPhase> PHASES = List.of(PassPhase.LS_REMOTE, PassPhase.FETCH, PassPhase.VERIFY,
            PassPhase.LOAD, PassPhase.PLAN);

    private PassPhasesAfterChange() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {500, 5000, 20000};
        System.out.printf("%-7s %-9s %9s %9s %9s %9s %9s %9s %12s %10s %9s%n", "comps", "change", "pass ms", "ls-remote",
                "fetch", "verify", "load", "plan", "whole load", "git fetch", "tree KiB");
        for (int size : sizes) {
            run(size);
        }
    }

    /** A pass's phase times and the whole-repository load of the same commit beside it, in ms. */
    private record Sample(PassReport report, double wholeLoadMs, double gitFetchMs, double treeKib) {
    }

    private static void run(int components) throws Exception {
        Path work = Files.createTempDirectory("versiond-phases-bench");
        Path repo = work.resolve("git").resolve("repo");
        try {
            exec(work, "python3", Path.of("bench/share-repo.py").toAbsolutePath().toString(), repo.toString(),
                    String.valueOf(components));
            boolean file = "file".equals(System.getProperty("transport"));
            try (GitDaemonProcess daemon = file ? null : GitDaemonProcess.serving(work.resolve("git"), work)) {
                String url = file ? repo.toUri().toString() : daemon.url("repo");
                Path state = work.resolve("state");
                try (SqliteStateStore store = SqliteStateStore.open(state, Clock.systemUTC());
                        DesiredSource source = DesiredSource.git(JGitSource.open(url, "main", state,
                                Clock.systemUTC()), "", url)) {
                    EngineSettings settings = new EngineSettings(new HostIdentity("host-1", Map.of("group", "mine")),
                            new HostRoot(work.resolve("root")), false, Map.of());
                    Reconciler reconciler = new Reconciler(settings, source, store,
                            new HostStepExecutor(ExecutorOptions.defaults()), new SpecLoader(), Clock.systemUTC());
                    SpecLoader whole = new SpecLoader();
                    Path mirror = work.resolve("git-mirror.git");
                    exec(work, "git", "clone", "-q", "--bare", url, mirror.toString());
                    for (int i = 0; i < 6; i++) {
                        sample(reconciler, source, whole, mirror, repo);
                    }
                    List<Sample> mine = new ArrayList<>();
                    List<Sample> other = new ArrayList<>();
                    for (int i = 0; i < CHANGES; i++) {
                        edit(repo, "c1", "mine" + i);
                        mine.add(sample(reconciler, source, whole, mirror, repo));
                        edit(repo, "c" + (components - 1 - i), "other" + i);
                        other.add(sample(reconciler, source, whole, mirror, repo));
                    }
                    print(components, "this host", mine);
                    print(components, "another", other);
                }
            }
        } finally {
            new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        }
    }

    /** One commit changing the content of one migration of a component. */
    private static void edit(Path repo, String component, String salt) throws IOException, InterruptedException {
        Path file = repo.resolve("components/" + component + "/migrations/1.2.0.yaml");
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("content: \"1\\.2\\.0[^\"]*\"", "content: \"1.2.0" + salt + "\""));
        exec(repo, "git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false",
                "commit", "-qam", "edit " + component);
    }

    private static Sample sample(Reconciler reconciler, DesiredSource source, SpecLoader whole, Path mirror, Path repo)
            throws IOException, InterruptedException {
        PassReport report = reconciler.pass("bench", false, false, ProgressSink.none(), () -> false);
        if (report.plan().isEmpty()) {
            throw new IllegalStateException("pass failed: " + report.outcome().summary());
        }
        SpecTree tree = source.read().tree();
        long started = System.nanoTime();
        LoadResult all = whole.load(tree);
        double ms = (System.nanoTime() - started) / 1e6;
        if (all.hasErrors()) {
            throw new IllegalStateException("the whole repository has errors: " + all.diagnostics().get(0));
        }
        long fetchStarted = System.nanoTime();
        exec(mirror, "git", "fetch", "-q", "origin", "+refs/heads/main:refs/heads/main");
        double gitFetchMs = (System.nanoTime() - fetchStarted) / 1e6;
        Process size = new ProcessBuilder("git", "cat-file", "-s", "HEAD:components").directory(repo.toFile()).start();
        double treeKib = Long.parseLong(new String(size.getInputStream().readAllBytes()).strip()) / 1024.0;
        size.waitFor();
        return new Sample(report, ms, gitFetchMs, treeKib);
    }

    private static void print(int components, String change, List<Sample> samples) {
        List<Object> columns = new ArrayList<>(List.of(components, change));
        columns.add(median(samples.stream().map(s -> s.report().phases().times().values().stream()
                .mapToLong(Duration::toNanos).sum() / 1e6).toList()));
        for (PassPhase phase : PHASES) {
            columns.add(median(samples.stream().map(s -> s.report().phases().times().getOrDefault(phase,
                    Duration.ZERO).toNanos() / 1e6).toList()));
        }
        columns.add(median(samples.stream().map(Sample::wholeLoadMs).toList()));
        columns.add(median(samples.stream().map(Sample::gitFetchMs).toList()));
        columns.add(median(samples.stream().map(Sample::treeKib).toList()));
        System.out.printf("%-7d %-9s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %12.1f %10.1f %9.1f%n", columns.toArray());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void exec(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }
}
