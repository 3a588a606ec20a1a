package dev.versiond.daemon.bench;

import dev.versiond.daemon.cli.AgentFactory;
import dev.versiond.daemon.config.AgentConfig;
import dev.versiond.daemon.config.AgentConfigLoader;
import dev.versiond.daemon.fleet.StatusPublisher;
import dev.versiond.daemon.plan.Waves;
import dev.versiond.daemon.reconcile.PassListener;
import dev.versiond.daemon.reconcile.PassOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N agents in one JVM, each opened as {@code versiond run} opens its engine ({@link AgentFactory#engine()}
 * from an {@link AgentConfig} the daemon's own loader builds: its own state directory, host root, host
 * name, labels, host status in Git on), their passes driven from here: each agent on a schedule of its
 * own, {@code interval} apart with ±{@code jitter}% (as the daemon's scheduler does), on a small pool of
 * threads so hundreds of agents fit on two cores.
 */
final class SimHosts implements AutoCloseable {
    /** One simulated host. */
    record Host(String name, int bucket, Path root, AgentFactory.Running running) {
    }

    private final List<Host> hosts;
    private final ScheduledThreadPoolExecutor pool;
    private final Duration interval;
    private final int jitterPercent;
    private final Random random = new Random(42);
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong pushFailures = new AtomicLong();
    private final AtomicLong failedPasses = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> latenessMillis = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> passMillis = new ConcurrentLinkedQueue<>();
    private volatile boolean running;

    private SimHosts(List<Host> hosts, ScheduledThreadPoolExecutor pool, Duration interval, int jitterPercent) {
        this.hosts = hosts;
        this.pool = pool;
        this.interval = interval;
        this.jitterPercent = jitterPercent;
    }

    /** Host names {@code sim-0000} … in order; their waves follow from the names' buckets. */
    static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format("sim-%04d", i));
        }
        return names;
    }

    static SimHosts open(List<String> names, Path dir, String repo, String statusRepo, Duration interval,
                         int jitterPercent, int threads) throws Exception {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "sim-pass");
            t.setDaemon(true);
            return t;
        });
        SimHosts sim = new SimHosts(Collections.synchronizedList(new ArrayList<>()), pool, interval, jitterPercent);
        List<Future<Host>> opening = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int rack = i % 20;
            opening.add(pool.submit(() -> sim.openHost(name, rack, dir.resolve(name), repo, statusRepo)));
        }
        List<Host> opened = new ArrayList<>();
        for (Future<Host> f : opening) {
            try {
                opened.add(f.get());
            } catch (ExecutionException e) {
                opened.forEach(h -> h.running().onShutdown().run());
                pool.shutdownNow();
                throw e;
            }
        }
        sim.hosts.addAll(opened);
        return sim;
    }

    private Host openHost(String name, int rack, Path dir, String repo, String statusRepo) throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("sim"));
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("repo", repo);
        flags.put("state", dir.resolve("state").toString());
        flags.put("root", root.toString());
        flags.put("host", name);
        flags.put("interval", interval.toSeconds() + "s");
        flags.put("jitter", jitterPercent + "%");
        flags.put("status-repo", statusRepo);
        AgentConfig config = new AgentConfigLoader(Map.of(), () -> name).load(Optional.empty(), flags,
                List.of("env=sim", "rack=r" + rack));
        PassListener counting = new PassListener() {
            @Override
            public void passFinished(PassOutcome outcome, Duration duration) {
                passes.incrementAndGet();
                passMillis.add(duration.toMillis());
                if (outcome instanceof PassOutcome.Failed) {
                    failedPasses.incrementAndGet();
                }
            }
        };
        StatusPublisher.PushListener pushCounting = new StatusPublisher.PushListener() {
            @Override
            public void pushed() {
                pushes.incrementAndGet();
            }

            @Override
            public void pushFailed() {
                pushFailures.incrementAndGet();
            }
        };
        return new Host(name, Waves.bucket(name), root, AgentFactory.engine().open(config, counting, pushCounting));
    }

    List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** Starts every agent's schedule, the first pass at a random point of the first interval. */
    void start() {
        running = true;
        for (Host h : hosts) {
            long first;
            synchronized (random) {
                first = (long) (random.nextDouble() * interval.toMillis());
            }
            schedule(h, first);
        }
    }

    private void schedule(Host h, long delayMillis) {
        long due = System.currentTimeMillis() + delayMillis;
        pool.schedule(() -> pass(h, due), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void pass(Host h, long due) {
        if (!running) {
            return;
        }
        latenessMillis.add(System.currentTimeMillis() - due);
        try {
            h.running().agent().sync("sim");
        } catch (RuntimeException e) {
            failedPasses.incrementAndGet();
        }
        double factor;
        synchronized (random) {
            factor = 1 + (random.nextDouble() * 2 - 1) * jitterPercent / 100.0;
        }
        schedule(h, Math.max(1, (long) (interval.toMillis() * factor)));
    }

    long passes() {
        return passes.get();
    }

    long pushes() {
        return pushes.get();
    }

    long pushFailures() {
        return pushFailures.get();
    }

    long failedPasses() {
        return failedPasses.get();
    }

    /** Waits until the pushes counted stop growing for {@code still} (every publisher is idle), at most {@code max}. */
    void awaitPushesSettled(Duration still, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long last = pushes.get() + pushFailures.get();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = pushes.get() + pushFailures.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= still.toNanos()) {
                return;
            }
        }
    }

    /** The lateness of pass starts against their schedule and the passes' durations: median and 99th percentile, ms. */
    String scheduleSummary() {
        return "pass start lateness median " + percentile(latenessMillis, 50) + " ms, p99 " + percentile(latenessMillis, 99)
                + " ms; pass duration median " + percentile(passMillis, 50) + " ms, p99 " + percentile(passMillis, 99) + " ms";
    }

    private static long percentile(ConcurrentLinkedQueue<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        if (sorted.isEmpty()) {
            return 0;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    /** Forgets the lateness and durations so far (a new phase). */
    void resetTimings() {
        latenessMillis.clear();
        passMillis.clear();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        for (Host h : hosts) {
            try {
                h.running().onShutdown().run();
            } catch (RuntimeException e) {
                System.err.println("closing " + h.name() + ": " + e);
            }
        }
    }
}
