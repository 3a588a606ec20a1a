package dev.versiond.daemon.source;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which commits must carry a signature by a trusted key before the agent acts on them.
 *
 * @param mode how much of the history is checked
 * @param trustedKeys OpenPGP public keys: an armored or binary key file, or a directory of them
 * @param allowedSigners an OpenSSH {@code allowed_signers} file for SSH signatures (namespace {@code git})
 */
public record SignaturePolicy(Mode mode, Optional<Path> trustedKeys, Optional<Path> allowedSigners) {

    /** How much of the history a pass verifies. */
    public enum Mode {
        /** Nothing is verified. */
        OFF,
        /** The commit to apply (and the tag, when a tag is pinned). */
        HEAD,
        /** Every commit since the last one applied, merges and their second parents included. */
        ALL;

        /** {@code off}, {@code head} or {@code all}, as the config spells it. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected off, head or all, got '" + text + "'");
            }
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SignaturePolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(trustedKeys, "trustedKeys");
        Objects.requireNonNull(allowedSigners, "allowedSigners");
        if (mode != Mode.OFF && trustedKeys.isEmpty() && allowedSigners.isEmpty()) {
            throw new IllegalArgumentException("verifying signatures (" + mode.word()
                    + ") needs trusted-keys or allowed-signers");
        }
    }

    /**
     * The policy with the agent's default mode: {@code head} as soon as keys are configured (configuring keys
     * and forgetting the mode must not leave the agent trusting everything), {@code off} without keys.
     *
     * @throws IllegalArgumentException for a mode other than {@code off} without keys
     */
    public static SignaturePolicy of(Optional<Mode> mode, Optional<Path> trustedKeys, Optional<Path> allowedSigners) {
        boolean keys = trustedKeys.isPresent() || allowedSigners.isPresent();
        return new SignaturePolicy(mode.orElse(keys ? Mode.HEAD : Mode.OFF), trustedKeys, allowedSigners);
    }

    /** Nothing verified. */
    public static SignaturePolicy off() {
        return new SignaturePolicy(Mode.OFF, Optional.empty(), Optional.empty());
    }
}
