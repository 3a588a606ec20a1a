package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.VersiondCli.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator does by hand through the CLI: repair an edited migration, retry a failed revision, baseline a host. */
class OperatorCommandsIT extends OneHost {

    @Test
    void anEditedAppliedMigrationBlocksTheComponentUntilRepaired() {
        AppRelease.writeApp(fleet, "1.1.0", AppRelease.all("1.0.0", "1.1.0", "1.2.0"));
        fleet.commit("app 1.1.0");
        host.converge();
        Map<String, String> before = host.tree();
        List<String> spawned = host.log("/spawned.log");
        int passes = host.history().size();

        String edited = AppRelease.of("1.1.0").yaml().replace("mkdir -p", "mkdir -p -m 0755");
        assertThat(edited).isNotEqualTo(AppRelease.of("1.1.0").yaml());
        fleet.migration("app", "1.1.0", edited);
        AppRelease.pin(fleet, "1.2.0");
        fleet.commit("edit the applied 1.1.0 and move on to 1.2.0");

        Result plan = host.plan();
        assertThat(plan.exitCode()).as("blocked: %s", plan).isEqualTo(3);
        assertThat(plan.stdout()).contains("checksum mismatch").contains("unpack");
        Result apply = host.apply();
        assertThat(apply.exitCode()).as("blocked: %s", apply).isEqualTo(3);
        assertThat(host.tree()).isEqualTo(before);
        assertThat(host.log("/spawned.log")).isEqualTo(spawned);
        assertThat(host.recordedVersion("app")).contains("1.1.0");
        assertThat(host.history()).hasSize(passes);

        Result repair = host.run("repair");
        assertThat(repair.exitCode()).as("%s", repair).isZero();
        assertThat(repair.output()).contains("app 1.1.0");
        assertThat(host.lastPass().get("trigger").asText()).isEqualTo("repair");

        Result after = host.apply();
        assertThat(after.exitCode()).as("%s", after).isZero();
        assertThat(host.recordedVersion("app")).contains("1.2.0");
        assertThat(host.log("/spawned.log")).as("1.1.0 was not re-run").containsExactly("unpack 1.0.0", "migrate 1.0.0",
                "unpack 1.1.0", "migrate 1.1.0", "unpack 1.2.0", "migrate 1.2.0");
        assertThat(host.plan().exitCode()).isZero();
    }

    @Test
    void aFailingVerifyRollsBackAndBlocksTheRevisionUntilRetryOrANewCommit() {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.of("1.0.0"), AppRelease.of("1.1.0").failingAt(5));
        fleet.commit("app 1.0.0");
        host.converge();
        Map<String, String> atOneZero = host.tree();
        AppRelease.pin(fleet, "1.1.0");
        fleet.commit("app 1.1.0, whose health check fails");

        Result first = host.apply();
        assertThat(first.exitCode()).as("%s", first).isEqualTo(1);
        assertThat(first.stderr()).contains("healthy (verify) ... FAILED").contains("rolled_back");
        assertThat(host.tree()).isEqualTo(atOneZero);
        assertThat(host.recordedVersion("app")).contains("1.0.0");
        assertThat(host.query("SELECT version, degraded FROM blocked WHERE component = 'app'"))
                .containsExactly(Map.of("version", "1.1.0", "degraded", 0));
        long journal = journalRows();

        Result blocked = host.apply();
        assertThat(blocked.exitCode()).as("%s", blocked).isEqualTo(3);
        assertThat(journalRows()).as("the failed revision is not tried again").isEqualTo(journal);
        assertThat(host.plan().stdout()).contains("failed at commit");

        Result retry = host.run("retry", "app");
        assertThat(retry.exitCode()).as("%s", retry).isZero();
        assertThat(host.query("SELECT * FROM blocked")).isEmpty();
        Result again = host.apply();
        assertThat(again.exitCode()).as("%s", again).isEqualTo(1);
        assertThat(journalRows()).as("retried: the steps ran again").isGreaterThan(journal);
        assertThat(host.tree()).isEqualTo(atOneZero);
        journal = journalRows();
        assertThat(host.apply().exitCode()).as("blocked").isEqualTo(3);
        assertThat(journalRows()).as("blocked again after the retry failed").isEqualTo(journal);

        git.write("README.md", "a commit that changes nothing of app\n");
        fleet.commit("unrelated commit");
        Result newCommit = host.apply();
        assertThat(newCommit.exitCode()).as("%s", newCommit).isEqualTo(1);
        assertThat(journalRows()).as("a new commit tries the revision again").isGreaterThan(journal);

        fleet.migration("app", "1.1.0", AppRelease.of("1.1.0").yaml());
        fleet.commit("fix 1.1.0's health check");
        host.converge();
        assertThat(host.recordedVersion("app")).contains("1.1.0");
        assertThat(host.query("SELECT * FROM blocked")).isEmpty();
    }

    @Test
    void aBaselinedHostUpgradesFromTheBaselineAndRefusesToGoBelowIt() {
        AppRelease.writeApp(fleet, "1.1.0", AppRelease.all("1.0.0", "1.1.0", "1.2.0"));
        fleet.commit("app 1.1.0");

        Result baseline = host.run("baseline", "app", "1.1.0");
        assertThat(baseline.exitCode()).as("%s", baseline).isZero();
        assertThat(host.recordedVersion("app")).contains("1.1.0");
        AppRelease.pin(fleet, "1.2.0");
        fleet.commit("app 1.2.0");
        host.converge();

        assertThat(Host.steps(host.lastPass())).containsExactly("up 1.2.0 unpack applied",
                "up 1.2.0 version-file applied", "up 1.2.0 switch applied", "up 1.2.0 migrate applied",
                "verify 1.2.0 healthy applied", "converge 1.2.0 conf applied");
        assertThat(host.log("/spawned.log")).containsExactly("unpack 1.2.0", "migrate 1.2.0");
        assertThat(host.recordedVersion("app")).contains("1.2.0");

        AppRelease.pin(fleet, "1.0.0");
        fleet.commit("app 1.0.0, below the baseline");
        Map<String, String> atOneTwo = host.tree();
        Result plan = host.plan();
        assertThat(plan.stdout()).contains("baselined");
        Result refused = host.apply();
        assertThat(refused.exitCode()).as("blocked: %s", refused).isEqualTo(3);
        assertThat(refused.output()).contains("baselined");
        assertThat(host.recordedVersion("app")).contains("1.2.0");
        assertThat(host.tree()).isEqualTo(atOneTwo);
    }

    private long journalRows() {
        return ((Number) host.query("SELECT count(*) AS n FROM journal").get(0).get("n")).longValue();
    }
}
