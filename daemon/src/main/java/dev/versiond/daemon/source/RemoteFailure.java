package dev.versiond.daemon.source;

/**
 * A library exception retold with URLs stripped of credentials, kept as the cause of a
 * {@link dev.versiond.spec.VersiondException} so that a logged stack trace neither leaks a password
 * nor carries JGit types out of this package. The original class name leads the message.
 */
final class RemoteFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private RemoteFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static RemoteFailure of(Throwable original, RemoteUrl remote) {
        Throwable cause = original.getCause() == null || original.getCause() == original
                ? null : of(original.getCause(), remote);
        RemoteFailure failure = new RemoteFailure(
                original.getClass().getName() + ": " + remote.scrub(original.getMessage()), cause);
        failure.setStackTrace(original.getStackTrace());
        return failure;
    }
}
