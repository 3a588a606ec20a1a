package dev.versiond.daemon.reconcile;

/**
 * Where the reconciler reads the desired state from: a Git remote (through the source package),
 * or a plain directory for {@code plan} previews of uncommitted work.
 */
public interface DesiredSource extends AutoCloseable {

    /** The current desired-state files (for Git: one round trip, a fetch only when the ref moved). */
    Snapshot read();

    /** Whether {@code commit} descends from {@code ancestor}; a directory has no history and says true. */
    boolean isDescendant(String commit, String ancestor);

    /** Where it reads from, for messages (never with credentials). */
    String describe();

    @Override
    void close();
}
