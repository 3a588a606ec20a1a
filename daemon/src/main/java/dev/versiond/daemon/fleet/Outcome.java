package dev.versiond.daemon.fleet;

import java.util.Locale;

/** How a host stands on one commit of one target, as its rollout ref names it. */
public enum Outcome {
    /** Every component the target names here is at the commit's version and healthy. */
    APPLIED,
    /** The commit failed here: rolled back, degraded, or blocked at it. */
    FAILED,
    /** Not applied yet: waiting for its wave, a window, a gate; or held by something else. */
    HELD,
    /**
     * Not applied because the commit's rollout is halted here. Written to Git so the halt holds: a
     * host that finds another host of its own or an earlier wave halted on the commit is halted too,
     * whatever the counts say by then.
     */
    HALTED;

    /** The ref name component: {@code applied}, {@code failed}, {@code held}, {@code halted}. */
    /** Whether the host has not applied the commit (held, or halted). */
    public boolean notApplied() {
        return this == HELD || this == HALTED;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a ref name component stands for, if it is one. */
    public static java.util.Optional<Outcome> ofWord(String word) {
        for (Outcome o : values()) {
            if (o.word().equals(word)) {
                return java.util.Optional.of(o);
            }
        }
        return java.util.Optional.empty();
    }
}
