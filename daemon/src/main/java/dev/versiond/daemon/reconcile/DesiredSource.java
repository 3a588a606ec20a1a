package dev.versiond.daemon.reconcile;

import java.util.Optional;

/**
 * Where the reconciler reads the desired state from: a Git remote (through the source package),
 * or a plain directory for {@code plan} previews of uncommitted work.
 */
public interface DesiredSource extends AutoCloseable {

    /** The current desired-state files (for Git: one round trip, a fetch only when the ref moved). */
    Snapshot read();

    /**
     * Checks the snapshot's commit against the agent's signature policy.
     *
     * @param lastApplied the last commit applied on this host, if any
     * @return the snapshot with its commit's {@link dev.versiond.daemon.source.Commit#signer() signer}
     *     set to the fingerprint of the key that signed it; empty when signatures are not checked
     *     (a plain directory has no commit)
     * @throws dev.versiond.daemon.source.UntrustedCommitException when the policy refuses it
     */
    Snapshot verify(Snapshot snapshot, Optional<String> lastApplied);

    /** Whether {@code commit} descends from {@code ancestor}; a directory has no history and says true. */
    boolean isDescendant(String commit, String ancestor);

    /** Where it reads from, for messages (never with credentials). */
    String describe();

    @Override
    void close();
}
