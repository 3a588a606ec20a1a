package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.CommitInfo;
import dev.versiond.spec.tree.SpecTree;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired-state files at one moment: a commit's tree (with the revision it came from), or a
 * plain directory for a preview.
 */
public record Snapshot(SpecTree tree, Optional<CommitInfo> commit, Optional<RevisionInfo> revision) {
    public Snapshot {
        Objects.requireNonNull(tree, "tree");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(revision, "revision");
    }

    /** This snapshot with the fingerprint of the key that signed its commit. */
    Snapshot signedBy(Optional<String> signer) {
        return new Snapshot(tree, commit, revision.map(r -> new RevisionInfo(r.commit(), r.ref(), r.commitTime(),
                r.fetchedAt(), signer)));
    }
}
