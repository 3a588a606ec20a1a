package dev.versiond.daemon.bench;

import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.testing.GitDaemonProcess;
import dev.versiond.daemon.testing.GitFixture;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What one no-change poll costs as the remote gains refs (0, 2,000, 20,000 extra tags, packed):
 * {@code JGitSource.poll()} next to {@code git ls-remote URL refs/heads/main} (git's client, protocol
 * v2) and next to the same with {@code -c protocol.version=0} (what versiond's git:// poll did
 * before), in one run, against git's own {@code git daemon} on loopback and against the repository
 * as a file:// path. Per poll: wall time (median of {@value #RUNS} interleaved runs after
 * {@value #WARM_UP} warm-ups), bytes on the wire both ways (through a counting proxy), and the
 * server's CPU (the upload-pack processes git daemon reaps: its children's utime+stime in
 * /proc, over {@value #CPU_POLLS} polls). For file://, the CPU is the poll's own (thread CPU time)
 * against git ls-remote's children. Run through {@code bench/poll-cost-vs-refs.sh}.
 */
public final class PollCostVsRefs {
    private static final int WARM_UP = 10;
    private static final int RUNS = 21;
    private static final int CPU_POLLS = 40;

    private PollCostVsRefs() {
    }

    public static void main(String[] args) throws Exception {
        int[] extras = args.length > 0 ? java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {0, 2000, 20000};
        System.out.printf("git version: %s%n", run(null, "git", "--version").strip());
        System.out.printf("%-8s %-7s %-28s %10s %10s %10s %12s%n", "refs", "remote", "client", "median ms",
                "ratio", "bytes", "server ms");
        for (int extra : extras) {
            Path temp = Files.createTempDirectory("versiond-poll-cost");
            try (GitFixture repo = GitFixture.init(temp.resolve("served").resolve("repo"))) {
                repo.write("targets/all.yaml", "kind: Target\n").commit("initial");
                StringBuilder updates = new StringBuilder();
                for (int i = 0; i < extra; i++) {
                    updates.append("create refs/tags/t").append(i).append(' ').append(repo.head()).append('\n');
                }
                run(updates.toString(), "git", "-C", repo.directory().toString(), "update-ref", "--stdin");
                run(null, "git", "-C", repo.directory().toString(), "pack-refs", "--all");
                try (GitDaemonProcess daemon = GitDaemonProcess.serving(temp.resolve("served"), temp.resolve("d"));
                        CountingProxy proxy = new CountingProxy(daemon.port())) {
                    gitDaemon(extra, daemon, proxy, temp);
                }
                file(extra, repo, temp);
            } finally {
                run(null, "rm", "-rf", temp.toString());
            }
        }
    }

    private static void gitDaemon(int extra, GitDaemonProcess daemon, CountingProxy proxy, Path temp) throws Exception {
        String direct = daemon.url("repo");
        String counted = "git://127.0.0.1:" + proxy.port() + "/repo";
        try (JGitSource source = JGitSource.open(direct, "main", temp.resolve("state-git"), Clock.systemUTC());
                JGitSource countedSource = JGitSource.open(counted, "main", temp.resolve("state-counted"),
                        Clock.systemUTC())) {
            source.poll();
            countedSource.poll();
            List<Callable<?>> clients = List.of(source::poll,
                    () -> run(null, "git", "ls-remote", direct, "refs/heads/main"),
                    () -> run(null, "git", "-c", "protocol.version=0", "ls-remote", direct, "refs/heads/main"));
            long[] medians = interleavedMedians(clients);
            List<Callable<?>> countedClients = List.of(countedSource::poll,
                    () -> run(null, "git", "ls-remote", counted, "refs/heads/main"),
                    () -> run(null, "git", "-c", "protocol.version=0", "ls-remote", counted, "refs/heads/main"));
            String[] names = {"versiond poll", "git ls-remote (v2)", "git ls-remote -c protocol.version=0"};
            for (int i = 0; i < clients.size(); i++) {
                long bytes = proxy.bytesOf(countedClients.get(i));
                double serverMs = serverCpuMillis(daemonPid(daemon), clients.get(i));
                System.out.printf("%-8d %-7s %-28s %10.2f %10.2f %10d %12.2f%n", extra, "git://", names[i],
                        medians[i] / 1e6, (double) medians[i] / medians[1], bytes, serverMs);
            }
        }
    }

    private static void file(int extra, GitFixture repo, Path temp) throws Exception {
        String path = repo.directory().toString();
        try (JGitSource source = JGitSource.open(path, "main", temp.resolve("state-file"), Clock.systemUTC())) {
            source.poll();
            List<Callable<?>> clients = List.of(source::poll, () -> run(null, "git", "ls-remote", path, "refs/heads/main"));
            long[] medians = interleavedMedians(clients);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CPU_POLLS; i++) {
                source.poll();
            }
            double pollCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / CPU_POLLS;
            double lsCpu = childrenCpuOfSelfMillis(clients.get(1));
            System.out.printf("%-8d %-7s %-28s %10.2f %10.2f %10s %12.3f%n", extra, "file://", "versiond poll",
                    medians[0] / 1e6, (double) medians[0] / medians[1], "-", pollCpu);
            System.out.printf("%-8d %-7s %-28s %10.2f %10.2f %10s %12.3f%n", extra, "file://", "git ls-remote",
                    medians[1] / 1e6, 1.0, "-", lsCpu);
        }
    }

    /** Medians of each client's wall time, the clients taking turns so they see the same machine. */
    private static long[] interleavedMedians(List<Callable<?>> clients) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            for (Callable<?> client : clients) {
                client.call();
            }
        }
        List<List<Long>> times = new ArrayList<>();
        clients.forEach(c -> times.add(new ArrayList<>()));
        for (int run = 0; run < RUNS; run++) {
            for (int i = 0; i < clients.size(); i++) {
                long started = System.nanoTime();
                clients.get(i).call();
                times.get(i).add(System.nanoTime() - started);
            }
        }
        long[] medians = new long[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            List<Long> sorted = new ArrayList<>(times.get(i));
            Collections.sort(sorted);
            medians[i] = sorted.get(RUNS / 2);
        }
        return medians;
    }

    /** {@code git daemon} is the git wrapper's child, git-daemon proper: that one reaps the upload-packs. */
    private static long daemonPid(GitDaemonProcess daemon) {
        return ProcessHandle.of(daemon.pid()).flatMap(wrapper -> wrapper.children().findFirst())
                .map(ProcessHandle::pid).orElse(daemon.pid());
    }

    /** CPU the git daemon's reaped children (one upload-pack per connection) spent per call. */
    private static double serverCpuMillis(long pid, Callable<?> client) throws Exception {
        long before = childrenTicks(pid);
        for (int i = 0; i < CPU_POLLS; i++) {
            client.call();
        }
        Thread.sleep(200); // let the daemon reap the last upload-pack
        return (childrenTicks(pid) - before) * 1000.0 / ProcStat.CLOCK_TICKS / CPU_POLLS;
    }

    /** CPU of the processes a call starts ({@code git ls-remote} and the upload-pack it forks). */
    private static double childrenCpuOfSelfMillis(Callable<?> client) throws Exception {
        long before = childrenTicks(ProcessHandle.current().pid());
        for (int i = 0; i < CPU_POLLS; i++) {
            client.call();
        }
        return (childrenTicks(ProcessHandle.current().pid()) - before) * 1000.0 / ProcStat.CLOCK_TICKS / CPU_POLLS;
    }

    private static long childrenTicks(long pid) throws IOException {
        return ProcStat.of(pid).children();
    }

    private static String run(String input, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
