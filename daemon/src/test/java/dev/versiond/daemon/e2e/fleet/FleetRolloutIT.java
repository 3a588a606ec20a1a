package dev.versiond.daemon.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.GitServer;
import dev.versiond.daemon.testing.SigningKeys;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Six hosts (two canaries in wave 1, four in wave 2) follow one desired-state repository over
 * {@code git://} and report to one status repository over {@code git://}, each pass a real
 * {@code apply --once} of the jar: the gate between the waves is read from the status refs only.
 */
class FleetRolloutIT {
    static final VersiondCli CLI = VersiondCli.fromSystemProperty();
    static final List<String> CANARIES = FleetHosts.named("canary", 2, b -> b < 30);
    static final List<String> LATER = FleetHosts.named("web", 4, b -> b >= 30);

    @TempDir
    Path tmp;

    GitFixture git;
    Fleet fleet;
    GitServer server;
    Path statusGit;
    FleetHosts hosts;

    @BeforeEach
    void fleetOfSix() throws Exception {
        git = GitFixture.init(tmp.resolve("desired"));
        fleet = Fleet.in(git);
        statusGit = tmp.resolve("status.git");
        Git.init().setBare(true).setGitDir(statusGit.toFile()).call().close();
        server = new GitServer().serve("desired", git.gitDirectory()).serve("status", statusGit).start();
        hosts = new FleetHosts(CLI, tmp.resolve("hosts"), server.url("desired"), server.url("status"));
    }

    @AfterEach
    void close() {
        server.close();
        git.close();
    }

    private void writeApp(String version, String bake, AppYaml... releases) {
        writeApp(fleet, version, bake, releases);
    }

    /** Component "app" with {@code releases}, and target "all" at {@code version}: waves [30, 100], a strict gate. */
    static void writeApp(Fleet fleet, String version, String bake, AppYaml... releases) {
        fleet.component("app", "");
        for (AppYaml r : releases) {
            fleet.migration("app", r.version(), r.yaml());
        }
        fleet.target("all", """
                selector: { hosts: ["*"] }
                components:
                  app: { version: %s }
                rollout:
                  waves: [30, 100]
                  bake: %s
                  minHealthy: 100%%
                  errorBudget: 0
                  minReporters: 2
                """.formatted(version, bake));
    }

    @Test
    void aFailingCanaryHaltsTheRolloutAndTheLaterWaveStaysOnTheOldVersion() throws Exception {
        writeApp("1.0.0", "1s", AppYaml.good("1.0.0"));
        fleet.commit("app 1.0.0");
        hosts.applyAll(CANARIES).values().forEach(r -> assertThat(r.exitCode()).as("%s", r).isZero());
        hosts.applyAll(LATER).values().forEach(r -> {
            assertThat(r.exitCode()).as("%s", r).isZero();
            assertThat(r.stderr()).contains("status pushed");
        });

        writeApp("1.1.0", "1s", AppYaml.good("1.0.0"), AppYaml.failing("1.1.0"));
        String bad = fleet.commit("app 1.1.0, whose verify fails");
        hosts.applyAll(CANARIES).values().forEach(r -> {
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.stderr()).contains("rolled_back").contains("status pushed");
        });
        Map<String, Result> held = hosts.applyAll(LATER);
        for (String h : LATER) {
            Result r = held.get(h);
            assertThat(r.exitCode()).as("held: %s", r).isEqualTo(3);
            assertThat(r.stderr()).contains("rollout halted").contains("2 of 2").contains(CANARIES.get(0))
                    .contains(CANARIES.get(1));
            assertThat(hosts.version(h)).isEqualTo("1.0.0");
            assertThat(spawned(h)).doesNotContain("unpack 1.1.0");
        }

        Map<String, String> refs = refs();
        for (String h : CANARIES) {
            assertThat(refs).containsKey("refs/versiond/rollouts/all/" + bad + "/w0/failed/" + h);
        }
        for (String h : LATER) {
            assertThat(refs).as("a halted host writes the halt to Git, so it holds")
                    .containsKey("refs/versiond/rollouts/all/" + bad + "/w1/halted/" + h);
            assertThat(log("refs/versiond/hosts/" + h)).as("the host's history is its ref's log").hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(refs.keySet()).as("a host keeps one rollout ref per target: the old commit's were deleted")
                .noneMatch(r -> r.startsWith("refs/versiond/rollouts/all/") && !r.contains(bad));
        assertThat(statusFile(refs.get("refs/versiond/hosts/" + LATER.get(0))))
                .contains("\"state\" : \"Halted\"").contains("\"reason\" : \"rollout-halted\"").contains(bad);

        Result view = CLI.run("fleet", "--repo", server.url("status"), "--target", "all");
        assertThat(view.exitCode()).as("%s", view).isZero();
        assertThat(view.stdout()).contains("rollout all @ " + bad.substring(0, 12) + "  HALTED")
                .contains("wave 1: 0/2 applied, 2 failed, 0 held").contains("wave 2: 0/4 applied, 0 failed, 4 held")
                .contains("failing: " + String.join(", ", CANARIES))
                .as("a halted rollout has no next wave").doesNotContain("next:");
        for (String h : LATER) {
            assertThat(view.stdout()).containsPattern(h + " +app +1\\.0\\.0 +1\\.1\\.0 +Halted +all:2 +rollout-halted");
        }
        for (String h : CANARIES) {
            assertThat(view.stdout()).containsPattern(h + " +app +1\\.0\\.0 +1\\.1\\.0 +Blocked +all:1 +failed-at-commit");
        }
        Result json = CLI.run("fleet", "--repo", server.url("status"), "--format", "json");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.stdout()).get("hosts")).hasSize(6);
    }

    @Test
    void aHealthyCanaryOpensTheNextWaveOnlyAfterTheBake() throws Exception {
        writeApp("1.0.0", "4s", AppYaml.good("1.0.0"));
        String commit = git.commitNow("app 1.0.0");
        Instant committed = Instant.now();
        String later = LATER.get(0);

        Result early = hosts.apply(later);
        assertThat(early.exitCode()).as("%s", early).isEqualTo(3);
        assertThat(early.stderr()).contains("rollout wave 2 of 2 starts");
        Instant wave2 = git.commitTime(commit).plus(Duration.ofSeconds(4));
        Result closed = CLI.run("fleet", "--repo", server.url("status"), "--target", "all");
        assertThat(closed.stdout()).as("%s", closed).contains("next: wave 2 no earlier than " + wave2
                + "; gate closed: 0 host(s) of wave 1 (the canary) reported on this commit, 2 needed before wave 2 starts");
        for (String h : CANARIES) {
            assertThat(hosts.apply(h).exitCode()).isZero();
        }
        Result open = CLI.run("fleet", "--repo", server.url("status"), "--target", "all");
        assertThat(open.stdout()).as("%s", open).containsPattern("next: wave 2 no earlier than " + wave2 + "\\R");
        JsonNode next = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                CLI.run("fleet", "--repo", server.url("status"), "--format", "json").stdout()).get("rollouts").get(0).get("next");
        assertThat(next.get("wave").asInt()).isEqualTo(1);
        assertThat(next.get("earliestStart").asText()).isEqualTo(wave2.toString());
        assertThat(next.get("gate").isNull()).isTrue();
        assertThat(refs()).containsKeys("refs/versiond/rollouts/all/" + commit + "/w0/applied/" + CANARIES.get(0),
                "refs/versiond/rollouts/all/" + commit + "/w0/applied/" + CANARIES.get(1));
        sleepUntil(committed.plus(Duration.ofSeconds(5)));

        Result after = hosts.apply(later);
        assertThat(after.exitCode()).as("%s", after).isZero();
        assertThat(hosts.version(later)).isEqualTo("1.0.0");
    }

    @Test
    void aForgedStatusIsIgnoredWhenHostSignaturesAreRequired() throws Exception {
        SigningKeys keys = SigningKeys.in(tmp.resolve("keys"));
        Map<String, Path> key = new TreeMap<>();
        StringBuilder allowed = new StringBuilder();
        for (String h : CANARIES) {
            key.put(h, keys.sshKey(h));
            allowed.append(h).append(' ').append(keys.sshPublicKey(key.get(h))).append('\n');
        }
        Path mallory = keys.sshKey("mallory");
        Path signers = tmp.resolve("host_signers");
        Files.writeString(signers, allowed);
        writeApp("1.0.0", "1s", AppYaml.good("1.0.0"));
        fleet.commit("app 1.0.0");
        String first = CANARIES.get(0);
        String second = CANARIES.get(1);
        String later = LATER.get(0);

        assertThat(hosts.apply(first, "--status-signing-key", key.get(first).toString()).exitCode()).isZero();
        // Another machine claims to be the second canary and reports it applied, signed with its own key.
        Result forged = CLI.run("apply", "--once", "--repo", server.url("desired"), "--state",
                tmp.resolve("mallory-state").toString(), "--root", tmp.resolve("mallory-root").toString(), "--host", second,
                "--status-repo", server.url("status"), "--status-signing-key", mallory.toString());
        assertThat(forged.exitCode()).as("%s", forged).isZero();

        Result held = hosts.apply(later, "--host-signers", signers.toString());
        assertThat(held.exitCode()).as("the forged report does not count: %s", held).isEqualTo(3);
        assertThat(held.stderr()).contains("1 host(s) of wave 1 (the canary) reported on this commit, 2 needed");
        assertThat(hosts.version(later)).isEqualTo("(none)");

        Result unchecked = hosts.apply(LATER.get(1));
        assertThat(unchecked.exitCode()).as("without host-signers the forgery counts: %s", unchecked).isZero();

        assertThat(hosts.apply(second, "--status-signing-key", key.get(second).toString()).exitCode()).isZero();
        Result open = hosts.apply(later, "--host-signers", signers.toString());
        assertThat(open.exitCode()).as("%s", open).isZero();
        assertThat(hosts.version(later)).isEqualTo("1.0.0");
    }

    @Test
    void aPushThatFailsDoesNotFailThePass() {
        // (A fresh host whose status repository cannot be read does not apply: it cannot tell what it
        // applied before its state was lost. This host has its state, so only the push is at stake.)
        writeApp("1.0.0", "1s", AppYaml.good("1.0.0"));
        fleet.commit("app 1.0.0");
        String host = CANARIES.get(0);
        assertThat(hosts.apply(host).exitCode()).isZero();
        writeApp("1.1.0", "1s", AppYaml.good("1.0.0"), AppYaml.good("1.1.0"));
        fleet.commit("app 1.1.0");

        Result r = hosts.applyTo(server.url("no-such-status-repository"), host);

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stderr()).contains("applied").contains("status push failed (the pass is not affected)");
        assertThat(hosts.version(host)).isEqualTo("1.1.0");
    }

    @Test
    void aHostWithAWipedStateDirectoryRefusesAReplayedOlderCommit() throws Exception {
        writeApp("1.0.0", "1s", AppYaml.good("1.0.0"));
        String old = fleet.commit("app 1.0.0");
        writeApp("1.1.0", "1s", AppYaml.good("1.0.0"), AppYaml.good("1.1.0"));
        fleet.commit("app 1.1.0");
        String host = CANARIES.get(0);
        assertThat(hosts.apply(host).exitCode()).isZero();
        assertThat(hosts.version(host)).isEqualTo("1.1.0");

        deleteRecursively(hosts.state(host));
        git.resetHard(old); // the remote serves the older, validly made commit again

        Result r = hosts.apply(host);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.stderr()).contains("does not descend from").contains("status repository");
        assertThat(hosts.version(host)).isEqualTo("1.1.0");

        Result allowed = hosts.apply(host, "--allow-non-descendant");
        assertThat(allowed.stderr()).doesNotContain("does not descend from");
    }

    // ---- reading the status repository -----------------------------------------------------------

    private Map<String, String> refs() throws IOException {
        try (Repository repo = Git.open(statusGit.toFile()).getRepository()) {
            Map<String, String> out = new TreeMap<>();
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/versiond/")) {
                out.put(ref.getName(), ref.getObjectId().name());
            }
            return out;
        }
    }

    private List<String> log(String ref) throws Exception {
        try (Git g = Git.open(statusGit.toFile())) {
            List<String> out = new ArrayList<>();
            for (RevCommit c : g.log().add(g.getRepository().resolve(ref)).call()) {
                out.add(c.getShortMessage());
            }
            return out;
        }
    }

    private String statusFile(String commit) throws IOException {
        try (Repository repo = Git.open(statusGit.toFile()).getRepository();
             org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo);
             org.eclipse.jgit.treewalk.TreeWalk tw = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, "status.json",
                     walk.parseCommit(repo.resolve(commit)).getTree())) {
            return new String(repo.open(tw.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private String spawned(String host) throws IOException {
        Path log = hosts.root(host).resolve("spawned.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long ms = Duration.between(Instant.now(), when).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A release of "app": writes /opt/app/VERSION and logs its unpack; a failing one fails its verify. */
    record AppYaml(String version, boolean fails) {
        static AppYaml good(String version) {
            return new AppYaml(version, false);
        }

        static AppYaml failing(String version) {
            return new AppYaml(version, true);
        }

        String yaml() {
            return """
                    up:
                      - id: unpack
                        run:
                          argv: [sh, -c, 'echo "unpack %s" >> "$VERSIOND_ROOT/spawned.log"']
                          down: ["true"]
                          idempotent: true
                      - id: version-file
                        file: { path: /opt/app/VERSION, content: "%s\\n", mode: "0644" }
                    verify:
                      - id: healthy
                        check: { command: [sh, -c, '%s'], interval: 100ms, deadline: 300ms }
                    """.formatted(version, version, fails ? "exit 1" : "true");
        }
    }
}
