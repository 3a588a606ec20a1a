package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL at random instants of {@code apply --once}, then a pass to completion: the host ends
 * exactly where a clean pass would have put it and the history has no loose ends.
 *
 * <p>The kills run against one state directory in rounds: a commit moves the target (1.0.0 and
 * 1.2.0 alternately, so rounds upgrade through 1.1.0 and downgrade back), a few children are killed
 * part-way, one runs to completion, and the round ends with the consistency check. Half the kills
 * land at a random delay after the child starts (anywhere: JVM start, Git fetch, planning, steps);
 * the other half wait until the child has begun its pass and then land at a random instant within
 * the typical duration of its steps. The seed is printed; pass {@code -Dcrash.seed=N} to replay,
 * {@code -Dcrash.kills=N} for more kills.
 */
class CrashIT extends OneHost {
    private static final int KILLS = Integer.getInteger("crash.kills", 50);
    private static final Set<String> FINISHED = Set.of("applied", "no_change", "rolled_back", "interrupted");

    @Test
    void killingApplyAtRandomInstantsNeverLeavesTheHostOrTheHistoryInconsistent() {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashIT seed: " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        AppRelease[] releases = {AppRelease.of("1.0.0").sleeping(50), AppRelease.of("1.1.0").sleeping(50),
                AppRelease.of("1.2.0").sleeping(50)};
        AppRelease.writeApp(fleet, "1.0.0", releases);
        fleet.commit("app 1.0.0");

        // A clean host shows what each version looks like and how long a pass takes.
        Host reference = new Host(CLI, host.repo, tmp.resolve("reference-state"), tmp.resolve("reference-root"));
        reference.converge();
        Map<String, Map<String, String>> clean = new java.util.HashMap<>();
        clean.put("1.0.0", reference.tree());
        AppRelease.pin(fleet, "1.2.0");
        fleet.commit("app 1.2.0");
        long t0 = System.nanoTime();
        reference.converge();
        Duration wholePass = Duration.ofNanos(System.nanoTime() - t0);
        clean.put("1.2.0", reference.tree());
        Duration steps = stepsDuration(reference);
        System.out.printf("CrashIT: a clean upgrade takes %d ms (its steps %d ms)%n", wholePass.toMillis(), steps.toMillis());

        AppRelease.pin(fleet, "1.0.0");
        fleet.commit("app 1.0.0 again");
        host.converge();
        String desired = "1.0.0";

        int kills = 0;
        int midPass = 0;
        int rounds = 0;
        List<Long> killedPasses = new ArrayList<>();
        while (kills < KILLS) {
            desired = desired.equals("1.0.0") ? "1.2.0" : "1.0.0";
            AppRelease.pin(fleet, desired);
            fleet.commit("app " + desired + " (round " + rounds + ")");
            int killsThisRound = 4 + random.nextInt(4);
            boolean converged = false;
            for (int k = 0; k < killsThisRound && kills < KILLS && !converged; k++) {
                long lastPass = lastPassId();
                VersiondCli.Running child = host.startApply();
                boolean afterPassBegins = random.nextBoolean();
                if (afterPassBegins) {
                    while (child.isAlive() && lastPassId() == lastPass) {
                        pause(Duration.ofMillis(15));
                    }
                    pause(Duration.ofMillis((long) (random.nextDouble() * steps.toMillis())));
                } else {
                    // Most passes after the first kill of a round are shorter than a whole upgrade (they resume).
                    pause(Duration.ofMillis((long) (random.nextDouble() * 0.8 * wholePass.toMillis())));
                }
                if (!child.isAlive()) {
                    // It finished before the kill: it is this round's pass to completion.
                    Result finished = child.await(Duration.ofSeconds(5));
                    assertThat(finished.exitCode()).as("a child that finished before its kill: %s", finished).isZero();
                    converged = true;
                    continue;
                }
                child.kill();
                kills++;
                long pass = lastPassId();
                if (pass != lastPass && "running".equals(passResult(pass))) {
                    midPass++;
                    killedPasses.add(pass);
                }
            }
            if (!converged) {
                Result complete = host.apply();
                assertThat(complete.exitCode()).as("round %d (seed %d): %s", rounds, seed, complete).isZero();
            }
            assertConsistent(desired, clean.get(desired), killedPasses, seed, rounds);
            rounds++;
        }
        System.out.printf("CrashIT: %d kills (%d during a pass) in %d rounds%n", kills, midPass, rounds);
        assertThat(midPass).as("kills that landed while a pass was running").isGreaterThanOrEqualTo(KILLS / 4);

        List<JsonNode> history = host.history();
        assertThat(history).allSatisfy(p -> {
            assertThat(p.get("result").asText()).isIn(FINISHED);
            assertThat(p.get("finishedAt").isNull()).isFalse();
            p.get("steps").forEach(s -> assertThat(s.get("outcome").isNull()).as("step %s", s).isFalse());
        });
        assertThat(history.stream().filter(p -> p.get("result").asText().equals("interrupted")).map(p -> p.get("id").asLong()))
                .containsExactlyInAnyOrderElementsOf(killedPasses);
    }

    @Test
    void aKilledUpgradeWhoseTargetIsRevertedLeavesTheHostAtTheOldVersion() {
        AppRelease.writeApp(fleet, "1.0.0", AppRelease.all("1.0.0"));
        fleet.commit("app 1.0.0");
        host.converge();
        Map<String, String> atOneZero = host.tree();
        fleet.migration("app", "1.1.0", AppRelease.of("1.1.0").yaml().replace(
                "touch \"$VERSIOND_ROOT/opt/app/releases/1.1.0/migrated\"",
                "touch \"$VERSIOND_ROOT/opt/app/releases/1.1.0/migrated\" \"$VERSIOND_ROOT/reached\"; sleep 60"));
        AppRelease.pin(fleet, "1.1.0");
        String bump = fleet.commit("app 1.1.0, whose migrate step hangs");
        VersiondCli.Running child = host.startApply();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> java.nio.file.Files.exists(host.path("/reached")) || !child.isAlive());
        child.kill();
        assertThat(host.read("/opt/app/VERSION")).as("killed half-way through 1.1.0").isEqualTo("1.1.0\n");

        git.revert(bump);
        Result apply = host.apply();

        assertThat(apply.exitCode()).as("%s", apply).isZero();
        assertThat(host.recordedVersion("app")).contains("1.0.0");
        Map<String, String> now = host.tree();
        now.remove("/reached");
        assertThat(now).as("what the killed pass did is undone").isEqualTo(atOneZero);
        assertThat(host.plan().exitCode()).isZero();
    }

    private void assertConsistent(String desired, Map<String, String> clean, List<Long> killedPasses, long seed, int round) {
        String context = "round " + round + " at " + desired + " (seed " + seed + ")";
        assertThat(host.tree()).as("host files after %s", context).isEqualTo(clean);
        assertThat(host.recordedVersion("app")).as(context).contains(desired);
        assertThat(host.query("SELECT id, result FROM passes WHERE finished_at IS NULL OR result NOT IN "
                + "('applied', 'no_change', 'rolled_back', 'interrupted')")).as("unfinished passes, %s", context).isEmpty();
        assertThat(host.query("SELECT id, pass_id, step_id FROM journal WHERE outcome IS NULL"))
                .as("journal rows without an outcome, %s", context).isEmpty();
        for (long pass : killedPasses) {
            assertThat(passResult(pass)).as("killed pass %d, %s", pass, context).isEqualTo("interrupted");
        }
        assertThat(host.query("SELECT count(*) AS n FROM journal WHERE outcome = 'interrupted' AND pass_id NOT IN ("
                + "SELECT id FROM passes WHERE result = 'interrupted')").get(0).get("n"))
                .as("interrupted steps outside interrupted passes, %s", context).isEqualTo(0);
        assertThat(host.query("SELECT version FROM applied_versions WHERE component = 'app' ORDER BY version"))
                .extracting(r -> r.get("version")).as(context)
                .containsExactlyElementsOf(desired.equals("1.0.0") ? List.of("1.0.0") : List.of("1.0.0", "1.1.0", "1.2.0"));
        Result plan = host.plan();
        assertThat(plan.exitCode()).as("plan after %s: %s", context, plan).isZero();
    }

    private long lastPassId() {
        try {
            return ((Number) host.query("SELECT coalesce(max(id), 0) AS id FROM passes").get(0).get("id")).longValue();
        } catch (IllegalStateException e) {
            return 0; // state.db does not exist yet, or the child holds a write lock for a moment
        }
    }

    private String passResult(long pass) {
        return (String) host.query("SELECT result FROM passes WHERE id = " + pass).get(0).get("result");
    }

    /** How long the steps of the reference host's last pass took, from its journal. */
    private static Duration stepsDuration(Host reference) {
        List<Map<String, Object>> rows = reference.query(
                "SELECT started_at, finished_at FROM passes ORDER BY id DESC LIMIT 1");
        return Duration.between(java.time.Instant.parse((String) rows.get(0).get("started_at")),
                java.time.Instant.parse((String) rows.get(0).get("finished_at")));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
