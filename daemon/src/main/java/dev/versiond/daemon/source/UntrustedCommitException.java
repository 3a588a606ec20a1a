package dev.versiond.daemon.source;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;

/**
 * A commit (or pinned tag) that the signature policy refuses: unsigned, badly signed, signed by a
 * key that is not trusted, expired or revoked. Nothing of it may be applied.
 *
 * @see SignaturePolicy
 */
public final class UntrustedCommitException extends VersiondException {
    private static final long serialVersionUID = 1L;

    private final String commit;
    private final String reason;

    public UntrustedCommitException(String commit, String reason) {
        super(ErrorCode.UNTRUSTED, "untrusted commit " + commit + ": " + reason + "; nothing applied");
        this.commit = commit;
        this.reason = reason;
    }

    /** The full id of the refused commit (or of the tag object, for a pinned tag). */
    public String commit() {
        return commit;
    }

    /** Why, for status and logs. */
    public String reason() {
        return reason;
    }
}
