package dev.versiond.daemon.fleet;

import java.util.Locale;

/** How a host stands on one commit of one target, as its rollout ref names it. */
public enum Outcome {
    /** Every component the target names here is at the commit's version and healthy. */
    APPLIED,
    /** The commit failed here: rolled back, degraded, or blocked at it. */
    FAILED,
    /** Not applied yet: waiting for its wave, a window, a gate, or halted; or held by something else. */
    HELD;

    /** The ref name component: {@code applied}, {@code failed}, {@code held}. */
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
