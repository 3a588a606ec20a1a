package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Collections;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One host as the tests see it: a state directory, a scratch {@code --root}, the repository it
 * follows, and the real CLI to drive it. Reads back what the engine left: files under the root,
 * {@code history --format json}, and {@code state.db} over plain JDBC.
 */
final class Host {
    static final String NAME = "web-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    final VersiondCli cli;
    final String repo;
    final Path state;
    final Path root;

    /** Options every engine command of this host gets (e.g. {@code --databases-file}). */
    private final List<String> options;

    Host(VersiondCli cli, String repo, Path state, Path root) {
        this(cli, repo, state, root, List.of());
    }

    /** A host whose engine commands ({@code plan}, {@code apply}) all get {@code options}. */
    Host(VersiondCli cli, String repo, Path state, Path root, List<String> options) {
        this.cli = cli;
        this.repo = repo;
        this.state = state;
        this.root = root;
        this.options = List.copyOf(options);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String[] engineArgs(String command, String... extra) {
        List<String> args = new ArrayList<>(command.equals("apply") ? List.of("apply", "--once") : List.of(command));
        args.addAll(List.of("--repo", repo, "--state", state.toString(), "--root", root.toString(), "--host", NAME));
        args.addAll(options);
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    Result plan(String... extra) {
        return cli.run(engineArgs("plan", extra));
    }

    Result apply(String... extra) {
        return cli.run(engineArgs("apply", extra));
    }

    VersiondCli.Running startApply() {
        return cli.start(engineArgs("apply"));
    }

    /** {@code apply --once} that must exit 0. */
    Result converge() {
        Result r = apply();
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }

    Result run(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--state", state.toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    /** Every pass, oldest first, from {@code history --format json}. */
    List<JsonNode> history() {
        Result r = run("history", "--format", "json", "--limit", "100000");
        assertThat(r.exitCode()).as("%s", r).isZero();
        try {
            List<JsonNode> passes = new ArrayList<>();
            JSON.readTree(r.stdout()).forEach(passes::add);
            Collections.reverse(passes);
            return passes;
        } catch (IOException e) {
            throw new AssertionError("history is not JSON: " + r, e);
        }
    }

    /** The steps of a pass as "phase version stepId outcome", in journal order. */
    static List<String> steps(JsonNode pass) {
        List<JsonNode> rows = new ArrayList<>();
        pass.get("steps").forEach(rows::add);
        rows.sort(java.util.Comparator.comparingLong(s -> s.get("id").asLong()));
        return rows.stream().map(s -> s.get("phase").asText() + " " + s.get("version").asText() + " "
                + s.get("stepId").asText() + " " + s.get("outcome").asText()).toList();
    }

    /** The newest pass. */
    JsonNode lastPass() {
        List<JsonNode> passes = history();
        assertThat(passes).as("passes recorded").isNotEmpty();
        return passes.get(passes.size() - 1);
    }

    // ---- state.db over JDBC

    Optional<String> recordedVersion(String component) {
        List<Map<String, Object>> rows = query("SELECT version FROM components WHERE name = '" + component + "'");
        return rows.stream().map(r -> (String) r.get("version")).findFirst();
    }

    List<Map<String, Object>> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("state.db") + "?open_mode=1");
             var statement = c.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    // ---- the host's files

    Path path(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    String read(String hostPath) {
        try {
            return Files.readString(path(hostPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of a log under the root; empty when it does not exist. */
    List<String> log(String hostPath) {
        Path p = path(hostPath);
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a link under the root points, as a host path (the root prefix taken off). */
    Optional<String> linkTarget(String hostPath) {
        Path p = path(hostPath);
        if (!Files.isSymbolicLink(p)) {
            return Optional.empty();
        }
        try {
            String target = Files.readSymbolicLink(p).toString();
            String prefix = root.toAbsolutePath().normalize().toString();
            return Optional.of(target.startsWith(prefix + "/") ? target.substring(prefix.length()) : target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Everything under the root except the logs the test commands append to: path -&gt; "dir",
     * "link -&gt; target" or "file 0644 content", to compare the host before and after.
     */
    Map<String, String> tree() {
        return tree(root, Set.of("/spawned.log", "/guards.log"));
    }

    static Map<String, String> tree(Path dir, Set<String> ignored) {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = "/" + dir.relativize(p);
                if (p.equals(dir) || ignored.contains(rel)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    String target = Files.readSymbolicLink(p).toString();
                    String prefix = dir.toAbsolutePath().normalize().toString();
                    // Link targets carry the --root prefix; without it, two hosts' trees compare equal.
                    tree.put(rel, "link -> " + (target.startsWith(prefix + "/") ? "$ROOT" + target.substring(prefix.length()) : target));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tree.put(rel, "dir");
                } else {
                    String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    tree.put(rel, "file " + mode + " " + new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }
}
