package dev.versiond.daemon.source;

import java.util.Optional;

/** The desired state as a Git ref: each read polls the remote and reads the commit's tree. */
final class GitDesiredSource implements DesiredSource {
    private final Source source;
    private final String subPath;
    private final String description;

    GitDesiredSource(Source source, String subPath, String description) {
        this.source = source;
        this.subPath = subPath;
        this.description = description;
    }

    @Override
    public Snapshot read() {
        Commit commit = source.poll();
        return new Snapshot(source.tree(commit, subPath), Optional.of(commit), source.lastPollTimes());
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
