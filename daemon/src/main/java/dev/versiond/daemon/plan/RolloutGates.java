package dev.versiond.daemon.plan;

import dev.versiond.spec.model.Rollout;
import dev.versiond.spec.model.RolloutGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a wave's gate from the fleet's tally: pure, the same tally always gives the same verdict.
 * Over the waves before the host's ({@code 0..k-1}): more failed hosts than the error budget allows
 * (a share of the hosts that tried the commit, applied or failed) halts the rollout; fewer reporters than {@code minReporters}, or a healthy share below
 * {@code minHealthy}, keeps the wave closed; otherwise it opens. Wave 0 is never gated.
 */
public final class RolloutGates {
    /** How many failing hosts a halt names; the rest are counted. */
    static final int NAMED_HOSTS = 10;

    private RolloutGates() {
    }

    /** The outcome of a gate. */
    public sealed interface Verdict {
        /** The wave may apply the commit. */
        record Open() implements Verdict {
        }

        /** Not yet: the earlier waves have not reported enough healthy hosts. */
        record Closed(String why) implements Verdict {
        }

        /** The earlier waves failed beyond the error budget: no later wave applies this commit. */
        record Halted(String why, List<String> failing) implements Verdict {
            public Halted {
                failing = List.copyOf(failing);
            }
        }
    }

    /**
     * @param tally what the fleet reported on the commit; empty when the status repository could not be read
     */
    public static Verdict check(Rollout rollout, int wave, String commit, Optional<RolloutTally> tally) {
        return check(rollout, wave, commit, tally, Optional.empty());
    }

    /**
     * @param tally what the fleet reported on the commit; empty when the status repository could not be read
     * @param analysisFailure why the gate's analysis did not pass; empty when it passed or there is none.
     *     It keeps an otherwise open wave closed and never halts: a halt comes from the hosts' outcomes
     */
    public static Verdict check(Rollout rollout, int wave, String commit, Optional<RolloutTally> tally,
                                Optional<String> analysisFailure) {
        if (rollout.gate().isEmpty() || wave == 0) {
            return new Verdict.Open();
        }
        RolloutGate gate = rollout.gate().get();
        if (tally.isEmpty() || !tally.get().commit().equals(commit)) {
            return new Verdict.Closed("the fleet's status for this commit could not be read; wave " + (wave + 1)
                    + " waits for it");
        }
        int applied = 0;
        int reporters = 0;
        List<String> failing = new ArrayList<>();
        for (int w = 0; w < wave; w++) {
            RolloutTally.Wave at = tally.get().wave(w);
            applied += at.applied().size();
            reporters += at.reporters();
            failing.addAll(at.failed());
        }
        // A share budget is a share of the hosts that tried the commit: counting the held ones too let
        // the hosts a halt holds back dilute it (bench/fleet-sim.sh, 300 hosts: 3 failed canaries of 161
        // reporters is under 5%), so the last waves saw a closed gate instead of the halt — and with a
        // low minHealthy an open one.
        int tried = applied + failing.size();
        int allowed = gate.errorBudget().allowed(tried);
        String earlier = wave == 1 ? "wave 1 (the canary)" : "waves 1-" + wave;
        if (failing.size() > allowed) {
            String named = names(failing);
            return new Verdict.Halted("rollout halted: " + failing.size() + " of " + tried + " host(s) of "
                    + earlier + " that tried this commit failed it (" + reporters + " reporting)"
                    + ", over the error budget of " + gate.errorBudget()
                    + " (" + allowed + " allowed): " + named + "; a new commit (a fix or a revert) starts the rollout over",
                    failing);
        }
        // A halt holds: once a host of this wave or an earlier one found the rollout of this commit halted
        // and wrote it to Git, the counts that decided it may shift (hosts still applying when it was
        // decided finish, and a share budget grows with them), but the halt does not lift by itself.
        List<String> halted = new ArrayList<>();
        for (int w = 0; w <= wave; w++) {
            halted.addAll(tally.get().wave(w).halted());
        }
        if (!halted.isEmpty()) {
            return new Verdict.Halted("rollout halted: " + names(halted) + " reported this commit's rollout halted "
                    + "(the error budget was spent: " + failing.size() + " of " + tried + " host(s) of " + earlier
                    + " that tried it failed it); a halt holds until a new commit (a fix or a revert) starts the "
                    + "rollout over", failing);
        }
        if (reporters < gate.minReporters()) {
            return new Verdict.Closed(reporters + " host(s) of " + earlier + " reported on this commit, "
                    + gate.minReporters() + " needed before wave " + (wave + 1) + " starts");
        }
        if (reporters == 0 || (long) applied * 100 < (long) gate.minHealthyPercent() * reporters) {
            return new Verdict.Closed(applied + " of " + reporters + " reporting host(s) of " + earlier
                    + " applied this commit and are healthy, " + gate.minHealthyPercent() + "% needed before wave "
                    + (wave + 1) + " starts");
        }
        if (analysisFailure.isPresent()) {
            return new Verdict.Closed("the rollout's analysis did not pass, so wave " + (wave + 1) + " waits: "
                    + analysisFailure.get());
        }
        return new Verdict.Open();
    }

    /** Up to {@value #NAMED_HOSTS} host names, and how many more. */
    private static String names(List<String> hosts) {
        return String.join(", ", hosts.subList(0, Math.min(NAMED_HOSTS, hosts.size())))
                + (hosts.size() > NAMED_HOSTS ? " and " + (hosts.size() - NAMED_HOSTS) + " more" : "");
    }
}
