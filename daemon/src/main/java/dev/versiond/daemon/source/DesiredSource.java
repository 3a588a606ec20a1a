package dev.versiond.daemon.source;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the reconciler reads the desired state from: a Git ref (through a {@link Source}), or a
 * plain directory for {@code plan} previews of uncommitted work.
 */
public interface DesiredSource extends AutoCloseable {

    /**
     * The desired state as a Git ref: each read polls the remote and reads the commit's tree.
     *
     * @param subPath the directory of the repository that holds the desired state ({@code ""}: all of it)
     * @param description where it reads from, for messages (never with credentials)
     */
    static DesiredSource git(Source source, String subPath, String description) {
        return new GitDesiredSource(source, subPath, description);
    }

    /** A plain directory as the desired state: snapshots without a commit, nothing to verify. */
    static DesiredSource directory(Path directory) {
        return new DirectorySource(directory);
    }

    /** The current desired-state files (for Git: one round trip, a fetch only when the ref moved). */
    Snapshot read();

    /**
     * Checks the snapshot's commit against the agent's signature policy.
     *
     * @param lastApplied the last commit applied on this host, if any
     * @return the snapshot with its commit's {@link Commit#signer() signer}
     *     set to the fingerprint of the key that signed it; empty when signatures are not checked
     *     (a plain directory has no commit)
     * @throws UntrustedCommitException when the policy refuses it
     */
    Snapshot verify(Snapshot snapshot, Optional<String> lastApplied);

    /** Whether {@code commit} descends from {@code ancestor}; a directory has no history and says true. */
    boolean isDescendant(String commit, String ancestor);

    /**
     * The pass is over: lets go of what reading it loaded that the next pass over the same commit
     * does not need, so what the idle agent keeps follows its share, not the repository.
     */
    default void passOver() {
    }

    /** Where it reads from, for messages (never with credentials). */
    String describe();

    @Override
    void close();
}
