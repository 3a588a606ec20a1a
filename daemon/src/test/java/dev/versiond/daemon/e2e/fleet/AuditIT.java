package dev.versiond.daemon.e2e.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.e2e.fleet.FleetRolloutIT.AppYaml;
import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.GitServer;
import dev.versiond.daemon.testing.SigningKeys;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code versiond audit} against a fleet with a known history, all through the real jar over
 * {@code git://}: a signed good release that all six hosts applied, a commit that changes no
 * target, and an unsigned release whose verify fails, rolled back on both canaries and halted for
 * the four later hosts.
 */
class AuditIT {
    static final VersiondCli CLI = FleetRolloutIT.CLI;
    static final List<String> CANARIES = FleetRolloutIT.CANARIES;
    static final List<String> LATER = FleetRolloutIT.LATER;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static GitFixture git;
    static GitServer server;
    static Path signers;
    static String good;
    static String unrelated;
    static String bad;

    /** Built once: every test below asks the same history a different question. */
    @BeforeAll
    static void aKnownHistory() throws Exception {
        git = GitFixture.init(tmp.resolve("desired"));
        Fleet fleet = Fleet.in(git);
        Path statusGit = tmp.resolve("status.git");
        Git.init().setBare(true).setGitDir(statusGit.toFile()).call().close();
        server = new GitServer().serve("desired", git.gitDirectory()).serve("status", statusGit).start();
        FleetHosts hosts = new FleetHosts(CLI, tmp.resolve("hosts"), server.url("desired"), server.url("status"));
        SigningKeys keys = SigningKeys.in(tmp.resolve("keys"));
        Path releaseKey = keys.sshKey("release-manager");
        signers = tmp.resolve("allowed_signers");
        Files.writeString(signers, "author@example.org " + keys.sshPublicKey(releaseKey) + "\n");

        FleetRolloutIT.writeApp(fleet, "1.0.0", "1s", AppYaml.good("1.0.0"));
        fleet.commit("app 1.0.0");
        good = git.signHead(keys.sshSigner(releaseKey));
        all(hosts, CANARIES, 0);
        all(hosts, LATER, 0);

        git.write("README.md", "the fleet\n");
        unrelated = git.commit("a README, no target changes");

        FleetRolloutIT.writeApp(fleet, "1.1.0", "1s", AppYaml.good("1.0.0"), AppYaml.failing("1.1.0"));
        bad = fleet.commit("app 1.1.0, whose verify fails");
        all(hosts, CANARIES, 1);
        all(hosts, LATER, 3);
    }

    @AfterAll
    static void close() {
        server.close();
        git.close();
    }

    private static void all(FleetHosts hosts, List<String> names, int exitCode) {
        hosts.applyAll(names).values().forEach(r -> assertThat(r.exitCode()).as("%s", r).isEqualTo(exitCode));
    }

    private Result audit(String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", "--repo", server.url("desired"), "--status-repo",
                server.url("status"), "--allowed-signers", signers.toString()));
        args.addAll(List.of(extra));
        return CLI.run(args.toArray(String[]::new));
    }

    @Test
    void theTextSaysWhoChangedWhatWhoSignedItAndWhereItRanOrWasRolledBackAndWhy() {
        Result r = audit();

        assertThat(r.exitCode()).as("%s", r).isZero();
        String out = r.stdout();
        assertThat(out).doesNotContain(unrelated).as("a commit that changes no target is not a change");
        assertThat(out.indexOf("commit " + bad)).as("newest first").isGreaterThanOrEqualTo(0).isLessThan(out.indexOf("commit " + good));
        String badPart = out.substring(out.indexOf("commit " + bad), out.indexOf("commit " + good));
        String goodPart = out.substring(out.indexOf("commit " + good));
        assertThat(badPart).contains("app 1.1.0, whose verify fails").contains("author    Test Author <author@example.org>")
                .contains("signature not trusted: the commit is not signed").contains("change    all/app: 1.0.0 -> 1.1.0");
        for (String h : CANARIES) {
            assertThat(badPart).containsPattern(h + " +all +1 +rolled-back +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +\\d[.0-9]*m?s +\\S+ +"
                    + "failed-at-commit: 1\\.1\\.0 failed at commit " + bad.substring(0, 12) + ": app 1\\.1\\.0 healthy failed");
        }
        for (String h : LATER) {
            assertThat(badPart).containsPattern(h + " +all +2 +halted +- +- +- +rollout-halted: .*2 of 2 host\\(s\\) of wave 1 \\(the canary\\) that tried this commit failed it");
        }
        assertThat(goodPart).contains("app 1.0.0").containsPattern("signature signed by SHA256:\\S+")
                .contains("change    all/app: (none) -> 1.0.0");
        for (String h : FleetRolloutIT.CANARIES) {
            assertThat(goodPart).containsPattern(h + " +all +1 +applied +\\d{4}-\\S+Z +\\d[.0-9]*m?s +\\d+d\\d\\dh");
        }
        for (String h : LATER) {
            assertThat(goodPart).containsPattern(h + " +all +2 +applied +\\d{4}-\\S+Z +\\d[.0-9]*m?s +\\d+d\\d\\dh");
        }
    }

    @Test
    void theJsonCarriesTheSameJoinWithTypedOutcomesAndReasons() throws Exception {
        Result r = audit("--format", "json");
        assertThat(r.exitCode()).as("%s", r).isZero();
        JsonNode changes = JSON.readTree(r.stdout()).get("changes");

        assertThat(changes).hasSize(2);
        JsonNode badChange = changes.get(0).get("change");
        assertThat(badChange.get("commit").asText()).isEqualTo(bad);
        assertThat(badChange.get("signature").get("state").asText()).isEqualTo("refused");
        assertThat(badChange.get("changes").get(0).get("from").asText()).isEqualTo("1.0.0");
        assertThat(badChange.get("changes").get(0).get("to").asText()).isEqualTo("1.1.0");
        JsonNode badHosts = changes.get(0).get("hosts");
        assertThat(badHosts).hasSize(6);
        for (JsonNode h : badHosts) {
            boolean canary = CANARIES.contains(h.get("host").asText());
            assertThat(h.get("outcome").asText()).isEqualTo(canary ? "rolled-back" : "halted");
            assertThat(h.get("reason").asText()).isEqualTo(canary ? "failed-at-commit" : "rollout-halted");
            assertThat(h.get("failedAt").isNull()).isEqualTo(!canary);
        }
        JsonNode goodChange = changes.get(1).get("change");
        assertThat(goodChange.get("commit").asText()).isEqualTo(good);
        assertThat(goodChange.get("signature").get("state").asText()).isEqualTo("signed");
        assertThat(goodChange.get("signature").get("signer").asText()).startsWith("SHA256:");
        assertThat(goodChange.get("committedAt").asText()).isEqualTo(git.commitTime(good).toString());
        for (JsonNode h : changes.get(1).get("hosts")) {
            assertThat(h.get("outcome").asText()).isEqualTo("applied");
            assertThat(h.get("appliedAt").asText()).matches("\\d{4}-.*Z");
            assertThat(h.get("took").asText()).startsWith("PT");
            assertThat(h.get("sinceCommit").asText()).startsWith("PT");
            assertThat(h.get("statusCommit").asText()).hasSize(40);
        }
    }

    @Test
    void filtersByHostComponentAndDate() throws Exception {
        String host = LATER.get(0);
        Result one = audit("--host", host, "--format", "json");
        assertThat(one.exitCode()).as("%s", one).isZero();
        for (JsonNode c : JSON.readTree(one.stdout()).get("changes")) {
            assertThat(c.get("hosts")).singleElement().satisfies(h -> assertThat(h.get("host").asText()).isEqualTo(host));
        }

        Result since = audit("--since", git.commitTime(bad).toString(), "--format", "json");
        assertThat(since.exitCode()).as("%s", since).isZero();
        JsonNode sinceChanges = JSON.readTree(since.stdout()).get("changes");
        assertThat(sinceChanges).singleElement()
                .satisfies(c -> assertThat(c.get("change").get("commit").asText()).isEqualTo(bad));
        assertThat(sinceChanges.get(0).get("hosts")).as("reports are still credited with the base cut off").hasSize(6);

        Result other = audit("--component", "db");
        assertThat(other.exitCode()).as("%s", other).isZero();
        assertThat(other.stdout()).isEqualToIgnoringNewLines("no changes");
        Result future = audit("--since", "2099-01-01");
        assertThat(future.stdout()).isEqualToIgnoringNewLines("no changes");
    }

    @Test
    void aBadSinceIsAUsageError() {
        Result r = audit("--since", "2026-13-45");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(64);
        assertThat(r.stderr()).contains("--since: '2026-13-45' is not an ISO date");
        assertThat(r.stdout()).isEmpty();
    }
}
