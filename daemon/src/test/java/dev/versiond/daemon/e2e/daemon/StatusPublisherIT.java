package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.testing.DaemonProcess;
import dev.versiond.daemon.testing.GitDaemonProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background status publisher of {@code versiond run} (the real jar, a child process), pushing
 * to a status repository served by Git's own {@code git daemon}: a push after each pass that
 * changes something, one at each heartbeat, and a server that refuses pushes, which neither fails
 * nor delays the passes and is retried with backoff, visible in {@code /status} and the metrics.
 */
class StatusPublisherIT {
    static final String REF = "refs/versiond/hosts/" + DaemonHost.HOST;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    DaemonHost host;
    Path statusGit;
    GitDaemonProcess gitDaemon;

    @BeforeEach
    void hostAndStatusRepository() throws Exception {
        host = new DaemonHost(tmp.resolve("host"));
        statusGit = tmp.resolve("served").resolve("status.git");
        Git.init().setBare(true).setGitDir(statusGit.toFile()).call().close();
    }

    @AfterEach
    void close() {
        host.close();
        if (gitDaemon != null) {
            gitDaemon.close();
        }
    }

    private DaemonProcess start(boolean writable, String heartbeat) {
        gitDaemon = GitDaemonProcess.serving(tmp.resolve("served"), tmp.resolve("git-daemon"), writable);
        return host.start("--status-repo", gitDaemon.url("status.git"), "--status-heartbeat", heartbeat);
    }

    @Test
    void aPassThatChangesSomethingIsPushedAtOnceAndANoChangePassIsNot() throws Exception {
        host.repo.release("1.0.0").release("1.1.0");
        String first = host.repo.pin("1.0.0");
        DaemonProcess daemon = start(true, "1h");

        host.awaitSynced("1.0.0");
        JsonNode report = awaitReport(r -> r.path("commit").asText().equals(first) && r.path("lastApplied").asText().equals(first));
        assertThat(report.path("host").asText()).isEqualTo(DaemonHost.HOST);
        JsonNode push = host.awaitStatus("the push in /status", s -> !s.path("statusPush").path("lastCommit").isNull()
                && s.path("statusPush").path("lastCommit").asText().equals(head()));
        assertThat(push.path("statusPush").path("pending").asBoolean()).isFalse();
        assertThat(push.path("statusPush").path("repository").asText()).isEqualTo(gitDaemon.url("status.git"));
        host.awaitPolls(2);
        int settled = log().size();
        host.awaitPolls(3);
        assertThat(log()).as("passes that change nothing push nothing (the heartbeat is an hour)").hasSize(settled);

        String second = host.repo.pin("1.1.0");
        host.awaitSynced("1.1.0");
        JsonNode after = awaitReport(r -> r.path("commit").asText().equals(second) && r.path("lastApplied").asText().equals(second));
        assertThat(after.path("components").get(0).path("recorded").asText()).isEqualTo("1.1.0");
        List<RevCommit> history = log();
        assertThat(history).as("one chain: the ref's log is the host's history").hasSizeGreaterThan(settled);
        assertThat(history.get(history.size() - 1).getParentCount()).isZero();
        assertThat(history.subList(0, history.size() - 1)).allSatisfy(c -> assertThat(c.getParentCount()).isEqualTo(1));
        assertThat(host.metric("versiond_status_pushes_total", "result=\"ok\"")).isGreaterThanOrEqualTo(2);
        assertThat(host.metric("versiond_status_pushes_total", "result=\"failed\"")).isZero();
        assertThat(daemon.isAlive()).isTrue();
    }

    @Test
    void theHeartbeatPushesAReportWhenNothingChanges() throws Exception {
        host.repo.release("1.0.0");
        String commit = host.repo.pin("1.0.0");
        start(true, "2s");
        host.awaitSynced("1.0.0");
        // The pass after the apply reports no_change (a new report); from then on only the heartbeat pushes.
        awaitReport(r -> r.path("lastApplied").asText().equals(commit) && r.path("pass").path("result").asText().equals("no_change"));
        int before = log().size();

        DaemonHost.eventually().atMost(Duration.ofSeconds(15)).until(() -> log().size() >= before + 3);

        List<RevCommit> beats = log().subList(0, 3);
        List<Instant> at = new ArrayList<>();
        List<String> results = new ArrayList<>();
        for (RevCommit c : beats) {
            JsonNode r = JSON.readTree(file(c));
            assertThat(r.path("commit").asText()).isEqualTo(commit);
            assertThat(r.path("lastApplied").asText()).isEqualTo(commit);
            results.add(r.path("pass").path("result").asText());
            at.add(Instant.parse(r.path("reportedAt").asText()));
        }
        assertThat(results).as("the same last pass, reported again").containsOnly(results.get(0));
        assertThat(Duration.between(at.get(1), at.get(0))).as("one heartbeat apart").isBetween(Duration.ofMillis(1500),
                Duration.ofMillis(3000));
        assertThat(Duration.between(at.get(2), at.get(1))).isBetween(Duration.ofMillis(1500), Duration.ofMillis(3000));
    }

    @Test
    void aStatusRepositoryThatRefusesPushesNeitherFailsNorDelaysPassesAndIsRetriedWithBackoff() throws Exception {
        host.repo.release("1.0.0").release("1.1.0");
        host.repo.pin("1.0.0");
        start(false, "1h"); // git daemon without receive-pack: every push is refused

        host.awaitSynced("1.0.0");
        Map<Integer, Instant> firstSeen = new TreeMap<>();
        Map<Integer, Duration> remaining = new TreeMap<>();
        double pollsBefore = host.polls();
        DaemonHost.eventually().atMost(Duration.ofSeconds(25)).until(() -> {
            JsonNode push = host.daemon().status().path("statusPush");
            int failures = push.path("consecutiveFailures").asInt();
            if (failures > 0 && !firstSeen.containsKey(failures)) {
                Instant now = Instant.now();
                firstSeen.put(failures, now);
                remaining.put(failures, Duration.between(now, Instant.parse(push.path("nextAttempt").asText())));
                assertThat(push.path("pending").asBoolean()).isTrue();
                assertThat(push.path("lastError").asText()).contains("status");
            }
            return failures >= 4;
        });
        double pollsDuring = host.polls() - pollsBefore;

        for (int n = 2; n <= 4; n++) {
            long backoff = 1000L << (n - 1);
            assertThat(remaining.get(n)).as("failure %d is retried after %d ms (seen: %s)", n, backoff, remaining)
                    .isBetween(Duration.ofMillis(backoff - 1000), Duration.ofMillis(backoff + 100));
        }
        assertThat(Duration.between(firstSeen.get(3), firstSeen.get(4)))
                .as("one chain of retries, doubling: passes in between do not add attempts (%s)", firstSeen)
                .isGreaterThan(Duration.ofMillis(3000));
        assertThat(pollsDuring).as("polls keep their 1 s interval while pushes fail").isGreaterThanOrEqualTo(5);
        assertThat(host.metric("versiond_status_pushes_total", "result=\"failed\"")).isGreaterThanOrEqualTo(4);
        assertThat(host.metric("versiond_status_pushes_total", "result=\"ok\"")).isZero();
        assertThat(host.metric("versiond_status_push_pending", "")).isEqualTo(1);

        host.repo.pin("1.1.0");
        JsonNode synced = host.awaitSynced("1.1.0");
        assertThat(synced.path("statusPush").path("pending").asBoolean()).isTrue();
        assertThat(host.history()).extracting(p -> p.path("result").asText()).doesNotContain("failed");
        host.assertFilesAt("1.1.0");
        assertThat(refs()).as("nothing reached the read-only status repository").isEmpty();
    }

    // ---- the status repository, read with JGit as an auditor's git would -------------------------

    private JsonNode awaitReport(java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        DaemonHost.eventually().until(() -> {
            String head = head();
            if (head == null) {
                return false;
            }
            seen[0] = JSON.readTree(file(head));
            return condition.test(seen[0]);
        });
        return seen[0];
    }

    private String head() {
        try (Repository repo = Git.open(statusGit.toFile()).getRepository()) {
            ObjectId id = repo.resolve(REF);
            return id == null ? null : id.name();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, String> refs() throws IOException {
        try (Repository repo = Git.open(statusGit.toFile()).getRepository()) {
            Map<String, String> out = new TreeMap<>();
            repo.getRefDatabase().getRefsByPrefix("refs/versiond/").forEach(r -> out.put(r.getName(), r.getObjectId().name()));
            return out;
        }
    }

    /**
     * The host's ref followed parent by parent, newest first ({@code git log --first-parent}
     * without its date order: status commits of the same second would sort either way).
     */
    private List<RevCommit> log() throws Exception {
        try (Repository repo = Git.open(statusGit.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
            List<RevCommit> out = new ArrayList<>();
            ObjectId head = repo.resolve(REF);
            RevCommit at = head == null ? null : walk.parseCommit(head);
            while (at != null) {
                out.add(at);
                at = at.getParentCount() == 0 ? null : walk.parseCommit(at.getParent(0));
            }
            return out;
        }
    }

    private String file(String commit) throws IOException {
        try (Repository repo = Git.open(statusGit.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
            return file(repo, walk.parseCommit(ObjectId.fromString(commit)));
        }
    }

    private String file(RevCommit commit) throws IOException {
        try (Repository repo = Git.open(statusGit.toFile()).getRepository(); RevWalk walk = new RevWalk(repo)) {
            return file(repo, walk.parseCommit(commit.getId()));
        }
    }

    private static String file(Repository repo, RevCommit commit) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repo, "status.json", commit.getTree())) {
            return new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
