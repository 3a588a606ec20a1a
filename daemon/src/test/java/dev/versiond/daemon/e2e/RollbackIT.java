package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pass that fails part-way puts the host back exactly where it started, and the history tells how. */
class RollbackIT extends OneHost {

    @ParameterizedTest(name = "failing at step {0} of 1.2.0")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aFailingStepAnywhereInAMultiVersionUpgradeEndsAtTheStartVersion(int position) {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.all("1.0.0"));
        fleet.commit("app 1.0.0");
        host.converge();
        Map<String, String> before = host.tree();
        List<String> spawnedBefore = host.log("/spawned.log");

        fleet.migration("app", "1.1.0", AppRelease.of("1.1.0").yaml());
        fleet.migration("app", "1.2.0", AppRelease.of("1.2.0").failingAt(position).yaml());
        AppRelease.pin(fleet, "1.2.0");
        fleet.commit("app 1.2.0 (broken at step " + position + ")");
        Result apply = host.apply();

        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(1);
        assertThat(apply.stderr()).contains("rolled_back");
        assertThat(host.tree()).as("files, links and release directories as before the pass").isEqualTo(before);
        assertThat(host.recordedVersion("app")).contains("1.0.0");
        assertThat(host.query("SELECT version FROM applied_versions WHERE component = 'app'"))
                .extracting(r -> r.get("version")).containsExactly("1.0.0");
        assertThat(host.log("/spawned.log")).as("1.1.0 really ran before 1.2.0 failed")
                .startsWith(spawnedBefore.toArray(String[]::new)).contains("unpack 1.1.0", "migrate 1.1.0");

        JsonNode pass = host.lastPass();
        assertThat(pass.get("result").asText()).isEqualTo("rolled_back");
        String failing = AppRelease.STEPS.get(position - 1);
        assertThat(pass.get("reason").asText()).contains(failing).contains("rolled back");
        List<String> applied = new ArrayList<>();
        for (String id : AppRelease.STEPS.subList(0, 4)) {
            applied.add("1.1.0 " + id);
        }
        for (String id : AppRelease.STEPS.subList(0, Math.min(position - 1, 4))) {
            applied.add("1.2.0 " + id);
        }
        List<String> expected = new ArrayList<>();
        for (String step : applied) {
            expected.add("up " + step + " applied");
            if (step.equals("1.1.0 migrate")) {
                expected.add("verify 1.1.0 healthy applied");
            }
        }
        expected.add((position == 5 ? "verify" : "up") + " 1.2.0 " + failing + " failed");
        for (int i = applied.size() - 1; i >= 0; i--) {
            expected.add("rollback " + applied.get(i) + " applied");
        }
        expected.add("verify 1.0.0 healthy applied"); // the restored version is checked, not assumed healthy
        assertThat(Host.steps(pass)).containsExactlyElementsOf(expected);

        Result plan = host.plan();
        assertThat(plan.exitCode()).as("blocked: %s", plan).isEqualTo(3);
        assertThat(plan.stdout()).contains("failed at commit");
    }

    @Test
    void rollingBackLeavesWhatAGuardFoundAlreadyThere() throws java.io.IOException {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.of("1.0.0"), AppRelease.of("1.1.0").failingAt(4));
        fleet.commit("app 1.0.0");
        host.converge();
        java.nio.file.Files.createDirectories(host.path("/opt/app/releases/1.1.0"));
        java.nio.file.Files.writeString(host.path("/opt/app/releases/1.1.0/pre-staged.tgz"), "staged by the operator\n");
        Map<String, String> before = host.tree();
        AppRelease.pin(fleet, "1.1.0");
        fleet.commit("app 1.1.0 (broken at migrate)");

        Result apply = host.apply();

        assertThat(apply.exitCode()).as("%s", apply).isEqualTo(1);
        assertThat(apply.stderr()).contains("unpack ... skipped");
        assertThat(host.tree()).as("the pre-staged release the unpack guard skipped for").isEqualTo(before);
    }
}
