package dev.versiond.daemon.audit;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who signed a desired-state commit, as the agent's own signature check says.
 *
 * @param signer the fingerprint of the trusted key that signed it, when {@link State#SIGNED}
 * @param problem why the check refused it, when {@link State#REFUSED}
 */
public record Signature(State state, Optional<String> signer, Optional<String> problem) {
    /** The outcome of the check. */
    public enum State {
        /** Signed by a trusted key. */
        SIGNED,
        /** Unsigned, badly signed, or signed by a key that is not trusted. */
        REFUSED,
        /** No keys were given, so nothing was checked. */
        UNCHECKED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Signature {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(problem, "problem");
    }

    public static Signature signed(String signer) {
        return new Signature(State.SIGNED, Optional.of(signer), Optional.empty());
    }

    public static Signature refused(String why) {
        return new Signature(State.REFUSED, Optional.empty(), Optional.of(why));
    }

    public static Signature unchecked() {
        return new Signature(State.UNCHECKED, Optional.empty(), Optional.empty());
    }

    /** {@code signed by SHA256:…}, {@code not trusted: the commit is not signed}, {@code not checked}. */
    public String describe() {
        return switch (state) {
            case SIGNED -> "signed by " + signer.orElseThrow();
            case REFUSED -> "not trusted: " + problem.orElseThrow();
            case UNCHECKED -> "signature not checked";
        };
    }
}
