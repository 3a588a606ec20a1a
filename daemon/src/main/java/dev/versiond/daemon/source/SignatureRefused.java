package dev.versiond.daemon.source;

/**
 * A signature the policy refuses, with the reason; it never leaves this package (it becomes an
 * {@link UntrustedCommitException} naming the object). Reasons name public keys only.
 */
final class SignatureRefused extends Exception {
    private static final long serialVersionUID = 1L;

    SignatureRefused(String reason) {
        super(reason);
    }
}
