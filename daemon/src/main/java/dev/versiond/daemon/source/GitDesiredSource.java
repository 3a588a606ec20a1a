package dev.versiond.daemon.source;

import dev.versiond.spec.tree.SpecTree;
import java.util.Optional;

/**
 * The desired state as a Git ref: each read polls the remote and reads the commit's tree. A read
 * that finds the commit of the last one hands out the same tree, whose listings are already read,
 * so a pass over an unchanged commit reads nothing from the mirror's object database.
 */
final class GitDesiredSource implements DesiredSource {
    private final Source source;
    private final String subPath;
    private final String description;
    /** The last read's commit id and tree; passes never overlap, so one is enough. */
    private record Read(String commit, SpecTree tree) {
    }

    private Optional<Read> last = Optional.empty();

    GitDesiredSource(Source source, String subPath, String description) {
        this.source = source;
        this.subPath = subPath;
        this.description = description;
    }

    @Override
    public Snapshot read() {
        Commit commit = source.poll();
        SpecTree tree = last.filter(r -> r.commit().equals(commit.id())).map(Read::tree)
                .orElseGet(() -> source.tree(commit, subPath));
        last = Optional.of(new Read(commit.id(), tree));
        return new Snapshot(tree, Optional.of(commit), source.lastPollTimes());
    }

    @Override
    public void passOver() {
        last.map(Read::tree).filter(CommitTree.class::isInstance).map(CommitTree.class::cast).ifPresent(CommitTree::shed);
        source.release();
    }

    @Override
    public Snapshot verify(Snapshot snapshot, Optional<String> lastApplied) {
        return snapshot.signedBy(snapshot.commit().flatMap(c -> source.verify(c.id(), c.ref(), lastApplied)));
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
