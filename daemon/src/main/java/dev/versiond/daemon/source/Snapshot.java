package dev.versiond.daemon.source;

import dev.versiond.spec.tree.SpecTree;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired-state files at one moment: a commit's tree (with the commit it came from), or a
 * plain directory for a preview.
 */
public record Snapshot(SpecTree tree, Optional<Commit> commit) {
    public Snapshot {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(commit, "commit");
    }

    /** This snapshot with the fingerprint of the key that signed its commit. */
    Snapshot signedBy(Optional<String> signer) {
        return new Snapshot(tree, commit.map(c -> c.signedBy(signer)));
    }
}
