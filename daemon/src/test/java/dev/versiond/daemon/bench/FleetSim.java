package dev.versiond.daemon.bench;

import dev.versiond.daemon.fleet.Outcome;
import dev.versiond.daemon.plan.Waves;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitDaemonProcess;
import dev.versiond.daemon.testing.GitFixture;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fleet simulation: N real agents ({@link SimHosts}) in this JVM follow one desired-state
 * repository and report to one status repository, both served by one {@code git daemon} on loopback
 * (through a {@link CountingProxy} that counts the bytes). Scenarios, in order (each selectable):
 * <ul>
 * <li>{@code good}: a release that passes everywhere reaches 100% wave by wave;</li>
 * <li>{@code canary}: a release whose verify fails on every host of wave 1 (the canaries) halts: how many
 *     hosts ever tried it;</li>
 * <li>{@code spread}: a release that fails on {@code --fail-share}% of the hosts (spread over waves 2..n)
 *     under a 5% error budget completes;</li>
 * <li>{@code cost}: the fleet idle (no-change polls only), then a drift on every host, corrected by
 *     self-heal (a status push each, no fetch): the server's CPU per poll and per push, the bytes of each.</li>
 * </ul>
 * After each rollout scenario the status repository's refs are compared with every host's outcome.
 * Run through {@code bench/fleet-sim.sh N [options]}; {@code --help} lists the options.
 */
public final class FleetSim {
    private static final Duration SAMPLE = Duration.ofMillis(250);

    private final Options o;
    private final Fleet fleet;
    private final GitFixture desired;
    private final SimHosts sim;
    private final ServerMeter server;
    private final CountingProxy proxy;
    private final StatusRefCount refs;
    private final SimRelease.Gate gate;
    private final Map<String, Integer> waveOf = new LinkedHashMap<>();
    private final List<String> measured = new ArrayList<>();
    private double pollCpuMillis = Double.NaN;
    private double pollBytes = Double.NaN;

    private FleetSim(Options o, GitFixture desired, SimHosts sim, ServerMeter server, CountingProxy proxy,
                     StatusRefCount refs, SimRelease.Gate gate) {
        this.o = o;
        this.desired = desired;
        this.fleet = Fleet.in(desired);
        this.sim = sim;
        this.server = server;
        this.proxy = proxy;
        this.refs = refs;
        this.gate = gate;
        for (SimHosts.Host h : sim.hosts()) {
            waveOf.put(h.name(), waveOf(h.bucket(), gate.waves()));
        }
    }

    /** Command-line options. */
    record Options(int hosts, List<String> scenarios, Duration interval, Duration bake, int jitterPercent,
                   int failSharePercent, int errorBudgetPercent, int threads, boolean keep) {
        static Options parse(String[] args) {
            if (args.length == 0 || args[0].startsWith("-")) {
                throw new IllegalArgumentException("usage: fleet-sim.sh N [--scenarios good,canary,spread,cost] "
                        + "[--interval SECONDS] [--bake SECONDS] [--jitter PERCENT] [--fail-share PERCENT] "
                        + "[--error-budget PERCENT] [--threads T] [--keep]");
            }
            int n = Integer.parseInt(args[0]);
            Map<String, String> flags = new LinkedHashMap<>();
            boolean keep = false;
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("--keep")) {
                    keep = true;
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    flags.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            // Default interval: about 30 passes a second in all, never under 5 s (two shared cores).
            long interval = Long.parseLong(flags.getOrDefault("interval", String.valueOf(Math.max(5, (n + 29) / 30))));
            long bake = Long.parseLong(flags.getOrDefault("bake", String.valueOf(2 * interval)));
            Options o = new Options(n, List.of(flags.getOrDefault("scenarios", "good,canary,spread,cost").split(",")),
                    Duration.ofSeconds(interval), Duration.ofSeconds(bake),
                    Integer.parseInt(flags.getOrDefault("jitter", "10")),
                    Integer.parseInt(flags.getOrDefault("fail-share", "3")),
                    Integer.parseInt(flags.getOrDefault("error-budget", "5")),
                    Integer.parseInt(flags.getOrDefault("threads", "4")), keep);
            Set<String> known = Set.of("scenarios", "interval", "bake", "jitter", "fail-share", "error-budget", "threads");
            for (String f : flags.keySet()) {
                if (!known.contains(f)) {
                    throw new IllegalArgumentException("unknown option --" + f);
                }
            }
            for (String s : o.scenarios()) {
                if (!Set.of("good", "canary", "spread", "cost").contains(s)) {
                    throw new IllegalArgumentException("unknown scenario " + s + " (good, canary, spread, cost)");
                }
            }
            return o;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(o) ? 0 : 1);
    }

    /** Runs the simulation; true when every scenario ended as it should. */
    static boolean run(Options o) throws Exception {
        Path temp = Files.createTempDirectory("versiond-fleet-sim");
        Path served = temp.resolve("served");
        Path statusGit = served.resolve("status.git");
        Files.createDirectories(served);
        git(served, "init", "-q", "--bare", statusGit.toString());
        // Auto gc after pushes runs in the foreground, so its CPU is the daemon tree's and is counted.
        git(served, "-C", statusGit.toString(), "config", "gc.autoDetach", "false");
        List<String> names = SimHosts.names(o.hosts());
        SimRelease.Gate gate = gate(names, o);
        System.out.printf(Locale.ROOT, "fleet-sim: %d hosts, %s; passes every %ds ±%d%% per host on %d threads; "
                        + "load average %s; git %s%n", o.hosts(), gate.describe(), o.interval().toSeconds(),
                o.jitterPercent(), o.threads(), loadAverage(), git(served, "--version").strip());
        boolean ok;
        try (GitFixture desired = GitFixture.init(served.resolve("desired"));
                GitDaemonProcess daemon = GitDaemonProcess.servingFleet(served, temp.resolve("daemon"));
                CountingProxy proxy = new CountingProxy(daemon.port());
                StatusRefCount refs = new StatusRefCount(statusGit)) {
            Runtime.getRuntime().addShutdownHook(new Thread(daemon::close)); // an interrupted run leaves no daemon
            Fleet f = Fleet.in(desired);
            SimRelease.writeComponent(f);
            SimRelease.writeTarget(f, "1.0.0");
            String first = desired.commitNow("app 1.0.0 everywhere, no rollout");
            String base = "git://127.0.0.1:" + proxy.port() + "/";
            long opening = System.nanoTime();
            try (SimHosts sim = SimHosts.open(names, temp.resolve("hosts"), base + "desired", base + "status",
                    o.interval(), o.jitterPercent(), o.threads())) {
                System.out.printf(Locale.ROOT, "opened %d agents in %.1f s%n", o.hosts(), (System.nanoTime() - opening) / 1e9);
                FleetSim s = new FleetSim(o, desired, sim, new ServerMeter(daemon), proxy, refs, gate);
                ok = s.scenarios(first);
            }
        } finally {
            if (o.keep()) {
                System.out.println("kept " + temp);
            } else {
                deleteRecursively(temp);
            }
        }
        System.out.println("load average at the end: " + loadAverage());
        return ok;
    }

    private boolean scenarios(String first) throws Exception {
        sim.start();
        Instant started = Instant.now();
        boolean ok = awaitAll(first, Duration.ofSeconds(60).plus(o.interval().multipliedBy(20)),
                r -> r.count(Outcome.APPLIED) == o.hosts());
        System.out.printf(Locale.ROOT, "baseline 1.0.0 on %d hosts (first pass: clone, no rollout) after %.1f s%s%n",
                o.hosts(), Duration.between(started, Instant.now()).toMillis() / 1000.0, ok ? "" : " — NOT REACHED");
        if (!ok) {
            return false;
        }
        sim.awaitPushesSettled(Duration.ofSeconds(3), Duration.ofSeconds(60));
        System.out.println("baseline schedule (every host's first pass clones): " + sim.scheduleSummary());
        sim.resetTimings();
        for (String s : o.scenarios()) {
            boolean passed = switch (s) {
                case "good" -> rollout("good", "1.1.0", Set.of());
                case "canary" -> rollout("canary", "1.2.0", hostsOfWave(0));
                case "spread" -> rollout("spread", "1.3.0", spread(o.failSharePercent()));
                case "cost" -> cost();
                default -> throw new IllegalStateException(s);
            };
            ok &= passed;
        }
        System.out.println("schedule after the baseline: " + sim.scheduleSummary() + "; " + sim.failedPasses() + " pass(es) failed, "
                + sim.pushFailures() + " push(es) failed and were retried");
        System.out.println();
        measured.forEach(System.out::println);
        return ok;
    }

    // ---- rollouts --------------------------------------------------------------------------------

    private boolean rollout(String scenario, String version, Set<String> failing) throws Exception {
        for (String h : failing) {
            Files.writeString(root(h).resolve("sim/fail-" + version), "");
        }
        SimRelease.writeTarget(fleet, version, gate);
        Snapshot before = snapshot();
        Instant t0 = Instant.now();
        String commit = desired.commitNow("app " + version + " (" + scenario + ")");
        boolean halts = scenario.equals("canary");
        int waves = gate.waves().size();
        // Every host has had a pass after the last wave's bake: a halted rollout has had every chance to spread.
        Duration lastWave = gate.bake().multipliedBy(waves - 1).plus(o.interval().multipliedBy(2));
        Duration timeout = lastWave.plus(o.interval().multipliedBy(10)).plus(Duration.ofSeconds(30));
        Map<Integer, Double> waveDone = new LinkedHashMap<>();
        double[] full = {Double.NaN};
        boolean settled = false;
        while (Duration.between(t0, Instant.now()).compareTo(timeout) < 0) {
            Thread.sleep(SAMPLE.toMillis());
            StatusRefCount.Reading r = refs.read(SimRelease.TARGET, commit);
            double at = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
            for (int w = 0; w < waves; w++) {
                long size = hostsOfWave(w).size();
                long done = halts && w > 0 ? r.count(w, Outcome.HELD) : r.count(w, Outcome.APPLIED) + r.count(w, Outcome.FAILED);
                if (done == size && !waveDone.containsKey(w)) {
                    waveDone.put(w, at);
                }
            }
            long decided = r.count(Outcome.APPLIED) + r.count(Outcome.FAILED);
            if (!halts && decided == o.hosts() && Double.isNaN(full[0])) {
                full[0] = at;
            }
            // A halt is complete when every host but the failing ones has seen it (passes may run late).
            boolean done = halts ? r.outcomes().size() == o.hosts() && Duration.between(t0, Instant.now()).compareTo(lastWave) >= 0
                    && halted() == o.hosts() - failing.size() : decided == o.hosts();
            if (done) {
                settled = true;
                break;
            }
        }
        sim.awaitPushesSettled(Duration.ofSeconds(2), Duration.ofSeconds(30));
        Snapshot after = snapshot();
        StatusRefCount.Reading r = refs.read(SimRelease.TARGET, commit);
        long tried = tried(version);
        long halted = halted();
        Map<String, Outcome> expected = new LinkedHashMap<>();
        for (String h : waveOf.keySet()) {
            expected.put(h, failing.contains(h) ? Outcome.FAILED : halts ? Outcome.HELD : Outcome.APPLIED);
        }
        List<String> wrong = expected.entrySet().stream().filter(e -> r.outcomes().get(e.getKey()) != e.getValue())
                .map(e -> e.getKey() + " " + r.outcomes().get(e.getKey()) + " (expected " + e.getValue() + ")").toList();

        System.out.printf(Locale.ROOT, "%n== %s: app %s (commit %s), failing on %d host(s)%n", scenario, version,
                commit.substring(0, 12), failing.size());
        for (int w = 0; w < waves; w++) {
            System.out.printf(Locale.ROOT, "  wave %d (%3d hosts): %s; now %d applied, %d failed, %d held%n", w + 1,
                    hostsOfWave(w).size(), waveDone.containsKey(w) ? (halts && w > 0 ? "all held at +" : "all decided at +")
                            + String.format(Locale.ROOT, "%.1f s", waveDone.get(w)) : "not all decided",
                    r.count(w, Outcome.APPLIED), r.count(w, Outcome.FAILED), r.count(w, Outcome.HELD));
        }
        boolean ok = settled && wrong.isEmpty();
        if (halts) {
            ok &= tried == failing.size() && halted == o.hosts() - failing.size();
            System.out.printf(Locale.ROOT, "  halted: %d host(s) ever tried %s (budget %d%% of the canaries' %d = %d allowed), "
                    + "%d show Halted%n", tried, version, o.errorBudgetPercent(), failing.size(),
                    failing.size() * o.errorBudgetPercent() / 100, halted);
            measured.add(String.format(Locale.ROOT, "canary-fails: %d of %d hosts tried the bad release; %d held as Halted",
                    tried, o.hosts(), halted));
        } else {
            System.out.printf(Locale.ROOT, "  %s: %d applied, %d failed (of %d failing on purpose), %d tried; full rollout "
                            + "(every host's outcome in the status repo) %.1f s after the commit%n",
                    settled ? "completed" : "NOT COMPLETED", r.count(Outcome.APPLIED), r.count(Outcome.FAILED), failing.size(),
                    tried, full[0]);
            measured.add(String.format(Locale.ROOT, "%s: time to full rollout %.1f s (%d waves, bake %ds, interval %ds); %d failed, %d tried",
                    scenario, full[0], waves, gate.bake().toSeconds(), o.interval().toSeconds(), r.count(Outcome.FAILED), tried));
        }
        System.out.printf(Locale.ROOT, "  status repo: %d host refs, %d rollout refs; of this commit %d applied, %d failed, "
                        + "%d held — %s%n", r.hostRefs(), r.rolloutRefs(), r.count(Outcome.APPLIED), r.count(Outcome.FAILED),
                r.count(Outcome.HELD), wrong.isEmpty() ? "every host's outcome is there" : wrong.size() + " host(s) differ: "
                        + wrong.stream().limit(5).collect(Collectors.joining(", ")));
        printCost("  ", after.minus(before), o.hosts());
        for (String h : failing) {
            // The fix: the hosts are healthy again, so the next release's upgrade through this one passes.
            Files.delete(root(h).resolve("sim/fail-" + version));
        }
        return ok;
    }

    // ---- cost --------------------------------------------------------------------------------------

    private boolean cost() throws Exception {
        sim.awaitPushesSettled(Duration.ofSeconds(3), Duration.ofSeconds(60));
        Snapshot idle0 = snapshot();
        Thread.sleep(o.interval().multipliedBy(3).toMillis());
        Snapshot idle = snapshot().minus(idle0);
        long polls = idle.server().requests("upload-pack", "desired");
        long other = idle.server().requests().values().stream().mapToLong(Long::longValue).sum() - polls;
        pollCpuMillis = idle.server().cpuMillis() / polls;
        pollBytes = (double) idle.bytes() / polls;
        System.out.printf(Locale.ROOT, "%n== cost: idle fleet, %d s%n", o.interval().multipliedBy(3).toSeconds());
        printCost("  ", idle, o.hosts());
        System.out.printf(Locale.ROOT, "  per no-change poll: server CPU %.2f ms, %.0f bytes on the wire (%d polls, %d other requests); "
                        + "agent JVM CPU per pass %.2f ms%n", pollCpuMillis, pollBytes, polls, other,
                idle.jvmCpuMillis() / idle.passes());

        for (SimHosts.Host h : sim.hosts()) {
            Files.writeString(h.root().resolve("etc/app/app.conf"), "edited by hand\n");
        }
        Snapshot drift0 = snapshot();
        long deadline = System.nanoTime() + o.interval().multipliedBy(6).toNanos();
        while (sim.pushes() - drift0.pushes() < o.hosts() && System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE.toMillis());
        }
        sim.awaitPushesSettled(Duration.ofSeconds(2), Duration.ofSeconds(30));
        Snapshot drift = snapshot().minus(drift0);
        long pushes = drift.server().requests("receive-pack", "status");
        long dPolls = drift.server().requests("upload-pack", "desired");
        double pushCpu = (drift.server().cpuMillis() - dPolls * pollCpuMillis) / pushes;
        double pushBytes = (drift.bytes() - dPolls * pollBytes) / pushes;
        StatusRefCount.Reading r = refs.read(SimRelease.TARGET, "");
        System.out.printf(Locale.ROOT, "%n== cost: a drift on every host (self-heal: one status push each, no fetch)%n");
        printCost("  ", drift, o.hosts());
        System.out.printf(Locale.ROOT, "  per status push: server CPU %.2f ms, %.0f bytes (status repo: %d refs; %d pushes, "
                + "%d polls subtracted at the idle cost)%n", pushCpu, pushBytes, r.total(), pushes, dPolls);
        measured.add(String.format(Locale.ROOT, "cost: per poll %.2f ms server CPU, %.0f bytes; per status push %.2f ms, %.0f bytes "
                + "(%d status refs); agent JVM %.2f ms per no-change pass", pollCpuMillis, pollBytes, pushCpu, pushBytes,
                r.total(), idle.jvmCpuMillis() / idle.passes()));
        double polls10k = 10_000 / 60.0;
        measured.add(String.format(Locale.ROOT, "projection (10,000 hosts, 60 s, at this run's per-request cost): %.0f polls/s, "
                        + "%.2f cores for polls, %.1f MB/s of polls; heartbeats alone %.1f pushes/s", polls10k,
                polls10k * pollCpuMillis / 1000, polls10k * pollBytes / 1e6, 10_000 / 3600.0));
        return pushes > 0 && polls > 0;
    }

    private void printCost(String indent, Snapshot d, int hosts) {
        String requests = d.server().requests().entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "%sgit daemon: %s; CPU %.0f ms; %d bytes on the wire; agents: %d passes, %d status pushes "
                        + "(%.2f per host)%n", indent, requests.isEmpty() ? "no requests" : requests, d.server().cpuMillis(),
                d.bytes(), d.passes(), d.pushes(), (double) d.pushes() / hosts);
    }

    /** Everything counted so far, server and agents, once the server is between connections. */
    private record Snapshot(ServerMeter.Sample server, long bytes, long passes, long pushes, double jvmCpuMillis) {
        Snapshot minus(Snapshot b) {
            return new Snapshot(server.minus(b.server), bytes - b.bytes, passes - b.passes, pushes - b.pushes,
                    jvmCpuMillis - b.jvmCpuMillis);
        }
    }

    private Snapshot snapshot() throws IOException, InterruptedException {
        ServerMeter.Sample s = server.quietSample();
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
        return new Snapshot(s, proxy.bytes(), sim.passes(), sim.pushes(), jvm);
    }

    // ---- hosts ------------------------------------------------------------------------------------

    /** The gate: waves [1, 10, 50, 100], the first widened (up to 50%) until it holds at least 3 canaries (small fleets). */
    static SimRelease.Gate gate(List<String> names, Options o) {
        int[] buckets = names.stream().mapToInt(Waves::bucket).toArray();
        int first = 1;
        while (first < 50 && countBelow(buckets, first) < 3) {
            first++;
        }
        long canaries = countBelow(buckets, first);
        List<Integer> waves = first < 10 ? List.of(first, 10, 50, 100) : first < 50 ? List.of(first, 50, 100) : List.of(first, 100);
        return new SimRelease.Gate(waves, o.bake(), 90, o.errorBudgetPercent(),
                (int) Math.min(3, canaries));
    }

    private static long countBelow(int[] buckets, int limit) {
        return java.util.Arrays.stream(buckets).filter(b -> b < limit).count();
    }

    private static int waveOf(int bucket, List<Integer> waves) {
        for (int i = 0; i < waves.size(); i++) {
            if (bucket < waves.get(i)) {
                return i;
            }
        }
        return waves.size() - 1;
    }

    private Set<String> hostsOfWave(int wave) {
        return waveOf.entrySet().stream().filter(e -> e.getValue() == wave).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code percent}% of the hosts, outside the canary wave, spread evenly over the later waves' buckets. */
    private Set<String> spread(int percent) {
        List<SimHosts.Host> later = sim.hosts().stream().filter(h -> waveOf.get(h.name()) > 0)
                .sorted(Comparator.comparingInt(SimHosts.Host::bucket).thenComparing(SimHosts.Host::name)).toList();
        int count = Math.round(o.hosts() * percent / 100f);
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            out.add(later.get((int) ((i + 0.5) * later.size() / count)).name());
        }
        return out;
    }

    private Path root(String host) {
        return sim.hosts().stream().filter(h -> h.name().equals(host)).findFirst().orElseThrow().root();
    }

    /** Hosts whose app component shows Halted in their agent's status. */
    private long halted() {
        return sim.hosts().stream().filter(h -> h.running().agent().status().components().stream()
                .anyMatch(c -> c.state() == ComponentState.HALTED)).count();
    }

    /** Hosts whose {@code /sim/tried} says they ran {@code version}'s up steps. */
    private long tried(String version) throws IOException {
        long n = 0;
        for (SimHosts.Host h : sim.hosts()) {
            Path log = h.root().resolve("sim/tried");
            if (Files.exists(log) && Files.readAllLines(log).contains(version)) {
                n++;
            }
        }
        return n;
    }

    private boolean awaitAll(String commit, Duration max, java.util.function.Predicate<StatusRefCount.Reading> done)
            throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(refs.read(SimRelease.TARGET, commit))) {
                return true;
            }
            Thread.sleep(SAMPLE.toMillis());
        }
        return false;
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
