package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.state.Reason;
import java.util.Objects;

/**
 * A commit the agent refused to act on: its signature does not hold under the agent's policy, or it
 * does not descend from the last commit applied. Nothing of it was applied; the host stays as the
 * last trusted commit left it.
 *
 * @param commit the full id of the refused commit (or tag object)
 * @param reason why, for operators (names keys by fingerprint, never a secret)
 * @param kind {@code signature} or {@code non_descendant}, the metric's tag
 * @param reasonCode the typed reason, as a word ({@code untrusted-signature}, {@code non-descendant})
 */
public record Untrusted(String commit, String reason, String kind, String reasonCode) {
    public static final String SIGNATURE = "signature";
    public static final String NON_DESCENDANT = "non_descendant";

    public Untrusted {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    public Untrusted(String commit, String reason, String kind) {
        this(commit, reason, kind, (kind.equals(SIGNATURE) ? Reason.UNTRUSTED_SIGNATURE : Reason.NON_DESCENDANT).word());
    }
}
