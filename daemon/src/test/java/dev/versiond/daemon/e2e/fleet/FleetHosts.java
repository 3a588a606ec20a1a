package dev.versiond.daemon.e2e.fleet;

import dev.versiond.daemon.plan.Waves;
import dev.versiond.daemon.testing.VersiondCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Hosts of a test fleet, driven through the real CLI ({@code apply --once}) with host status in
 * Git: each has its own state directory, host root and name, and reports to the status repository.
 */
final class FleetHosts {
    private final VersiondCli cli;
    private final Path dir;
    private final String repo;
    private final String statusRepo;

    FleetHosts(VersiondCli cli, Path dir, String repo, String statusRepo) {
        this.cli = cli;
        this.dir = dir;
        this.repo = repo;
        this.statusRepo = statusRepo;
    }

    /** {@code count} host names whose rollout bucket (0–99) satisfies {@code bucket}, deterministically. */
    static List<String> named(String prefix, int count, IntPredicate bucket) {
        List<String> names = new ArrayList<>();
        for (int i = 0; names.size() < count; i++) {
            String name = prefix + "-" + i;
            if (bucket.test(Waves.bucket(name))) {
                names.add(name);
            }
        }
        return names;
    }

    Path state(String host) {
        return dir.resolve(host).resolve("state");
    }

    Path root(String host) {
        return dir.resolve(host).resolve("root");
    }

    /** One pass of {@code host}, reporting to the status repository. */
    VersiondCli.Result apply(String host, String... extra) {
        return applyTo(statusRepo, host, extra);
    }

    /** One pass of each host, all at once (they share nothing but the two repositories), results by host. */
    java.util.Map<String, VersiondCli.Result> applyAll(List<String> names) {
        java.util.Map<String, VersiondCli.Running> running = new java.util.LinkedHashMap<>();
        for (String host : names) {
            running.put(host, cli.start(args(statusRepo, host).toArray(String[]::new)));
        }
        java.util.Map<String, VersiondCli.Result> results = new java.util.LinkedHashMap<>();
        running.forEach((host, r) -> results.put(host, r.await(VersiondCli.DEFAULT_TIMEOUT)));
        return results;
    }

    /** One pass of {@code host}, reporting to {@code status}. */
    VersiondCli.Result applyTo(String status, String host, String... extra) {
        List<String> args = args(status, host);
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private List<String> args(String status, String host) {
        try {
            Files.createDirectories(root(host));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(List.of("apply", "--once", "--repo", repo, "--state", state(host).toString(),
                "--root", root(host).toString(), "--host", host, "--status-repo", status));
    }

    /** The version of app on {@code host}: what its {@code /opt/app/VERSION} says. */
    String version(String host) {
        try {
            Path file = root(host).resolve("opt/app/VERSION");
            return Files.exists(file) ? Files.readString(file).strip() : "(none)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
