package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.plan.CommitInfo;
import dev.versiond.daemon.source.Revision;
import dev.versiond.daemon.source.Source;
import java.util.Optional;

/** The desired state as a Git ref: each read polls the remote and reads the commit's tree. */
public final class GitDesiredSource implements DesiredSource {
    private final Source source;
    private final String subPath;
    private final String description;

    public GitDesiredSource(Source source, String subPath, String description) {
        this.source = source;
        this.subPath = subPath;
        this.description = description;
    }

    @Override
    public Snapshot read() {
        Revision revision = source.poll();
        return new Snapshot(source.tree(revision, subPath), Optional.of(new CommitInfo(revision.commit(), revision.commitTime())),
                Optional.of(new RevisionInfo(revision.commit(), revision.ref(), revision.commitTime(), revision.fetchedAt(),
                        Optional.empty())));
    }

    @Override
    public Optional<String> verify(Snapshot snapshot, Optional<String> lastApplied) {
        return snapshot.revision().flatMap(r -> source.verify(r.commit(), r.ref(), lastApplied));
    }

    @Override
    public boolean isDescendant(String commit, String ancestor) {
        return source.isDescendant(commit, ancestor);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        source.close();
    }
}
