package dev.versiond.daemon.e2e;

import dev.versiond.daemon.e2e.CrashTrials.Outcome;
import dev.versiond.daemon.e2e.CrashTrials.Phase;
import dev.versiond.daemon.testing.VersiondCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench/crash-trials.sh N [SEED]}: N SIGKILL trials, phases round-robin, and per phase how
 * many converged. Prints every problem of a trial that did not, with the seed to replay it.
 */
public final class CrashTrialsMain {
    private CrashTrialsMain() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Path work = Files.createTempDirectory("versiond-crash-trials");
        // With the PostgreSQL test server (.ci/databases.sh start), every other trial migrates there.
        java.util.Optional<String> postgres = java.util.Optional.ofNullable(System.getenv("VERSIOND_TEST_PG_URL"))
                .filter(u -> !u.isBlank());
        CrashTrials trials = new CrashTrials(VersiondCli.fromSystemProperty(), work, new Random(seed), postgres);
        Map<Phase, int[]> counts = new EnumMap<>(Phase.class);
        System.out.printf("crash trials: %d, seed %d, work %s, %s%n", n, seed, work,
                postgres.isPresent() ? "every other trial on PostgreSQL" : "SQLite only (VERSIOND_TEST_PG_URL not set)");
        for (int i = 0; i < n; i++) {
            Phase phase = Phase.values()[i % Phase.values().length];
            Outcome o = trials.run(phase);
            int[] c = counts.computeIfAbsent(phase, p -> new int[4]);
            c[0] += o.converged() ? 1 : 0;
            c[1]++;
            c[2] += o.kills();
            c[3] += o.midPass();
            if (!o.converged()) {
                System.out.printf("trial %d %s%s did not converge:%n  %s%n", i, phase, o.postgres() ? " on PostgreSQL" : "",
                        String.join("\n  ", o.problems()));
            }
        }
        int converged = 0;
        int kills = 0;
        int midPass = 0;
        System.out.printf("%-22s %9s %6s %9s%n", "phase", "converged", "kills", "mid-pass");
        for (Map.Entry<Phase, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            System.out.printf("%-22s %4d/%-4d %6d %9d%n", e.getKey().name().toLowerCase(), c[0], c[1], c[2], c[3]);
            converged += c[0];
            kills += c[2];
            midPass += c[3];
        }
        System.out.printf("%-22s %4d/%-4d %6d %9d%n", "all", converged, n, kills, midPass);
        System.exit(converged == n ? 0 : 1);
    }
}
