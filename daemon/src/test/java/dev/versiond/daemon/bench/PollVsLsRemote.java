package dev.versiond.daemon.bench;

import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.GitServer;
import dev.versiond.spec.tree.SpecTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * How much a poll that finds nothing new costs, next to {@code git ls-remote} of the same URL over
 * a real {@code git://} server on loopback; and how long listing and reading a commit's tree takes.
 * Prints medians of {@value #RUNS} runs after {@value #WARM_UP} warm-up runs. Run through
 * {@code bench/poll-vs-ls-remote.sh}.
 */
public final class PollVsLsRemote {
    private static final int WARM_UP = 10;
    private static final int RUNS = 20;
    private static final int FILES = 2000;

    private PollVsLsRemote() {
    }

    public static void main(String[] args) throws Exception {
        Path temp = Files.createTempDirectory("versiond-bench");
        try (GitFixture repo = GitFixture.init(temp.resolve("desired"))) {
            for (int i = 0; i < FILES; i++) {
                repo.write("components/c" + (i / 20) + "/migrations/1." + (i % 20) + ".0.yaml",
                        "kind: Migration\nversion: 1." + (i % 20) + ".0\nup:\n  - id: step" + i + "\n    run: [\"true\"]\n");
            }
            repo.commit("a desired state of " + FILES + " files");
            try (GitServer server = GitServer.serving("fleet", repo);
                    JGitSource source = JGitSource.open(server.url("fleet"), "main", temp.resolve("state"),
                            Clock.systemUTC())) {
                String url = server.url("fleet");
                long clone = time(source::poll);
                Commit revision = source.poll();
                if (revision.fetched()) {
                    throw new IllegalStateException("a poll with no change fetched");
                }
                System.out.printf("git version: %s%n", run("git", "--version").strip());
                System.out.printf("first poll (clone of %d files): %.2f ms%n", FILES, clone / 1e6);
                report("no-change poll (JGitSource.poll)", median(source::poll));
                report("git ls-remote " + url + " refs/heads/main",
                        median(() -> run("git", "ls-remote", url, "refs/heads/main")));
                report("tree listing (" + FILES + " paths)", median(() -> source.tree(revision, "").paths()));
                report("tree listing + reading every file", median(() -> {
                    SpecTree tree = source.tree(revision, "");
                    long bytes = 0;
                    for (String path : tree.paths()) {
                        bytes += tree.read(path).length;
                    }
                    return bytes;
                }));
            }
        } finally {
            deleteRecursively(temp);
        }
    }

    private static void report(String what, long nanos) {
        System.out.printf("%-60s median of %d: %.2f ms%n", what, RUNS, nanos / 1e6);
    }

    private static long median(Callable<?> task) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            task.call();
        }
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            times.add(time(task));
        }
        Collections.sort(times);
        return (times.get(RUNS / 2 - 1) + times.get(RUNS / 2)) / 2;
    }

    private static long time(Callable<?> task) throws Exception {
        long started = System.nanoTime();
        task.call();
        return System.nanoTime() - started;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
