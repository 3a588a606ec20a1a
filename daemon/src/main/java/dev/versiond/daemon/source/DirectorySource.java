package dev.versiond.daemon.source;

import dev.versiond.spec.tree.DirectoryTree;
import java.nio.file.Path;
import java.util.Optional;

/** A plain directory as the desired state: for previewing uncommitted work with {@code plan}. */
final class DirectorySource implements DesiredSource {
    private final Path directory;

    DirectorySource(Path directory) {
        this.directory = directory;
    }

    @Override
    public Snapshot read() {
        return new Snapshot(DirectoryTree.of(directory), Optional.empty());
    }

    @Override
    public Snapshot verify(Snapshot snapshot, Optional<String> lastApplied) {
        return snapshot;
    }

    @Override
    public boolean isDescendant(String commit, String ancestor) {
        return true;
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    @Override
    public void close() {
    }
}
