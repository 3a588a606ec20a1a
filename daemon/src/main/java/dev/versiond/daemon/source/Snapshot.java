package dev.versiond.daemon.source;

import dev.versiond.spec.tree.SpecTree;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired-state files at one moment: a commit's tree (with the commit it came from), or a
 * plain directory for a preview.
 *
 * @param poll how long asking the remote and fetching took to get it
 */
public record Snapshot(SpecTree tree, Optional<Commit> commit, PollTimes poll) {
    public Snapshot {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(poll, "poll");
    }

    /** A snapshot read without asking a remote. */
    public Snapshot(SpecTree tree, Optional<Commit> commit) {
        this(tree, commit, PollTimes.NONE);
    }

    /** This snapshot with the fingerprint of the key that signed its commit. */
    Snapshot signedBy(Optional<String> signer) {
        return new Snapshot(tree, commit.map(c -> c.signedBy(signer)), poll);
    }
}
