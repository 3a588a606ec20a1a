package dev.versiond.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.e2e.CrashTrials.Outcome;
import dev.versiond.daemon.e2e.CrashTrials.Phase;
import dev.versiond.daemon.testing.DatabaseServers;
import dev.versiond.daemon.testing.VersiondCli;
import dev.versiond.daemon.testing.VersiondCli.Result;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL at random instants of {@code apply --once} in every phase of a pass — upgrade, rollback
 * after a failing verify, rollback after a failing up step, downgrade by {@code git revert}, and the
 * cleanup of an interrupted pass whose target moved on — then a pass to completion: the host ends
 * exactly where an uninterrupted pass would have put it (see {@link CrashTrials}); every other trial
 * migrates its schema on the PostgreSQL test server instead of SQLite. The seed is
 * printed; pass {@code -Dcrash.seed=N} to replay, {@code -Dcrash.kills=N} for more kills.
 */
class CrashIT extends OneHost {
    private static final int KILLS = Integer.getInteger("crash.kills", 50);
    /** Bounds the trials when a phase never gets a kill, so the per-phase assertion reports it. */
    private static final int MAX_ROUNDS_PER_PHASE = 20;

    @Test
    void killingApplyAtRandomInstantsOfEveryPhaseConvergesWithNothingDoneTwiceAndNothingLost() {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashIT seed: " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Optional<String> postgres = postgres();
        CrashTrials trials = new CrashTrials(CLI, tmp, new Random(seed), postgres);
        Map<Phase, int[]> kills = new EnumMap<>(Phase.class);
        List<String> failures = new ArrayList<>();
        int total = 0;
        int midPass = 0;
        int postgresKills = 0;
        // Round-robin until the kills are in and every phase has had one: a trial can end with no
        // kill (its child finished before the first), so with few kills one round is not enough.
        int phases = Phase.values().length;
        for (int round = 0; (total < KILLS || kills.size() < phases
                || kills.values().stream().anyMatch(n -> n[0] == 0)) && round < MAX_ROUNDS_PER_PHASE * phases; round++) {
            Phase phase = Phase.values()[round % Phase.values().length];
            Outcome o = trials.run(phase);
            total += o.kills();
            midPass += o.midPass();
            postgresKills += o.postgres() ? o.kills() : 0;
            kills.computeIfAbsent(phase, p -> new int[1])[0] += o.kills();
            String trial = phase + (o.postgres() ? " on PostgreSQL" : "") + " trial " + round + " (seed " + seed + "): ";
            o.problems().forEach(p -> failures.add(trial + p));
            o.problems().forEach(p -> System.out.println("CrashIT: " + trial + p));
        }
        StringBuilder perPhase = new StringBuilder();
        kills.forEach((p, n) -> perPhase.append(' ').append(p).append('=').append(n[0]));
        System.out.printf("CrashIT: %d kills (%d during a pass, %d in trials on PostgreSQL):%s%n", total, midPass,
                postgresKills, perPhase);

        assertThat(failures).as("trials that did not converge").isEmpty();
        assertThat(kills.values()).as("kills per phase").allSatisfy(n -> assertThat(n[0]).isPositive());
        assertThat(midPass).as("kills that landed while a pass was running").isGreaterThanOrEqualTo(KILLS / 4);
        if (postgres.isPresent()) {
            assertThat(postgresKills).as("kills in the trials on PostgreSQL").isGreaterThanOrEqualTo(KILLS / 4);
        }
    }

    /**
     * The PostgreSQL server the test servers script started: half the trials run their schema steps
     * there. Without one the trials run on SQLite alone, only when {@code VERSIOND_TEST_NO_DATABASE_SERVERS=1}
     * says so; otherwise the test fails saying how to start the servers.
     */
    private static Optional<String> postgres() {
        if (System.getenv(DatabaseServers.PG) == null && "1".equals(System.getenv("VERSIOND_TEST_NO_DATABASE_SERVERS"))) {
            System.out.println("CrashIT: " + DatabaseServers.PG + " not set, VERSIOND_TEST_NO_DATABASE_SERVERS=1: "
                    + "no trials on PostgreSQL");
            return Optional.empty();
        }
        return Optional.of(DatabaseServers.postgres());
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
                .until(() -> Files.exists(host.path("/reached")) || !child.isAlive());
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
}
