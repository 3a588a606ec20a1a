package dev.versiond.daemon.e2e;

import static dev.versiond.daemon.e2e.AppRelease.CONFIG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Moving a host between versions through the real CLI: up through every version, down by revert or without the file. */
class UpgradeDowngradeIT extends OneHost {

    @Test
    void upgradeFromOneZeroToOneTwoRunsOneOneZerosStepsOnTheWayInOrder() {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.all("1.0.0", "1.1.0", "1.2.0"));
        fleet.commit("app 1.0.0");
        host.converge();
        assertThat(host.recordedVersion("app")).contains("1.0.0");

        AppRelease.pin(fleet, "1.2.0");
        fleet.commit("app 1.2.0");
        Result apply = host.apply();

        assertThat(apply.exitCode()).as("%s", apply).isZero();
        assertThat(apply.stderr()).contains("[1/11] app 1.1.0 unpack ... ok").contains("applied");
        JsonNode pass = host.lastPass();
        assertThat(pass.get("result").asText()).isEqualTo("applied");
        assertThat(pass.get("changes").get(0).get("from").asText()).isEqualTo("1.0.0");
        assertThat(pass.get("changes").get(0).get("to").asText()).isEqualTo("1.2.0");
        assertThat(Host.steps(pass)).containsExactly(
                "up 1.1.0 unpack applied", "up 1.1.0 version-file applied", "up 1.1.0 switch applied",
                "up 1.1.0 migrate applied", "verify 1.1.0 healthy applied",
                "up 1.2.0 unpack applied", "up 1.2.0 version-file applied", "up 1.2.0 switch applied",
                "up 1.2.0 migrate applied", "verify 1.2.0 healthy applied",
                "converge 1.2.0 conf applied");
        assertThat(host.read("/opt/app/VERSION")).isEqualTo("1.2.0\n");
        assertThat(host.linkTarget("/opt/app/current")).contains("/opt/app/releases/1.2.0");
        assertThat(host.path("/opt/app/releases/1.1.0/migrated")).exists();
        assertThat(host.path("/opt/app/releases/1.2.0/migrated")).exists();
        assertThat(host.read(CONFIG)).isEqualTo("greeting=hello\nversion=1.2.0\n");
        assertThat(host.log("/spawned.log")).containsExactly("unpack 1.0.0", "migrate 1.0.0",
                "unpack 1.1.0", "migrate 1.1.0", "unpack 1.2.0", "migrate 1.2.0");
        assertThat(host.recordedVersion("app")).contains("1.2.0");
        assertThat(host.query("SELECT version FROM applied_versions WHERE component = 'app' ORDER BY applied_at"))
                .extracting(r -> r.get("version")).containsExactly("1.0.0", "1.1.0", "1.2.0");
        assertThat(host.plan().exitCode()).isZero();
    }

    @Test
    void aSecondPassDoesNothingAndSpawnsNoProcess() {
        AppRelease.writeApp(fleet, "1.2.0", AppRelease.all("1.0.0", "1.1.0", "1.2.0"));
        fleet.commit("app 1.2.0");
        host.converge();
        int passes = host.history().size();
        List<String> spawned = host.log("/spawned.log");
        List<String> guards = host.log("/guards.log");
        var tree = host.tree();
        assertThat(guards).as("the unless guard ran during the first pass").hasSize(3);

        Result again = host.apply();

        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(again.stderr()).contains("no_change");
        assertThat(host.history()).as("no pass recorded for a no-op").hasSize(passes);
        assertThat(host.log("/spawned.log")).isEqualTo(spawned);
        assertThat(host.log("/guards.log")).as("not even a guard was evaluated").isEqualTo(guards);
        assertThat(host.tree()).isEqualTo(tree);
        Result plan = host.plan();
        assertThat(plan.exitCode()).as("%s", plan).isZero();
        assertThat(host.log("/guards.log")).as("plan spawns nothing either").isEqualTo(guards);
    }

    @Test
    void revertingTheBumpCommitDowngradesToThePreviousVersion() {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.all("1.0.0", "1.1.0"));
        fleet.commit("app 1.0.0");
        host.converge();
        var atOneZero = host.tree();
        AppRelease.pin(fleet, "1.1.0");
        String bump = fleet.commit("app 1.1.0");
        host.converge();
        assertThat(host.read("/opt/app/VERSION")).isEqualTo("1.1.0\n");

        git.revert(bump);
        Result down = host.apply();

        assertThat(down.exitCode()).as("%s", down).isZero();
        assertThat(Host.steps(host.lastPass())).containsExactly(
                "down 1.1.0 migrate applied", "down 1.1.0 switch applied", "down 1.1.0 version-file applied",
                "down 1.1.0 unpack applied", "verify 1.0.0 healthy applied", "converge 1.0.0 conf applied");
        assertThat(host.recordedVersion("app")).contains("1.0.0");
        assertThat(host.tree()).as("the host exactly as it was at 1.0.0").isEqualTo(atOneZero);
        assertThat(host.plan().exitCode()).isZero();
    }

    @Test
    void downgradeUsesRecordedDefinitionsWhenTheMigrationFileIsGoneFromGit() {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.all("1.0.0", "1.1.0"));
        fleet.commit("app 1.0.0");
        host.converge();
        var atOneZero = host.tree();
        AppRelease.pin(fleet, "1.1.0");
        fleet.commit("app 1.1.0");
        host.converge();

        fleet.deleteMigration("app", "1.1.0");
        AppRelease.pin(fleet, "1.0.0");
        fleet.commit("withdraw 1.1.0 entirely");
        Result plan = host.plan();
        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(2);
        assertThat(plan.stdout()).contains("1.1.0").contains("1.0.0");
        Result down = host.apply();

        assertThat(down.exitCode()).as("%s", down).isZero();
        assertThat(host.recordedVersion("app")).contains("1.0.0");
        assertThat(host.tree()).isEqualTo(atOneZero);
        assertThat(Files.exists(host.path("/opt/app/releases/1.1.0"))).isFalse();
        assertThat(host.plan().exitCode()).isZero();
    }
}
