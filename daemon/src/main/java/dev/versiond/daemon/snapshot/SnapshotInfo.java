package dev.versiond.daemon.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a complete snapshot holds, as its manifest says.
 *
 * @param id its name in the store: component, version, step and commit, so that the step that made
 *     it finds it again after a crash
 * @param created when its capture finished
 * @param items every path and database captured, in the order the step names them
 * @param bytes the size of what was captured (apparent sizes: a clone may use less on disk)
 */
public record SnapshotInfo(String id, String component, String version, String step, String commit, Instant created,
                           List<Item> items, long bytes) {
    public SnapshotInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(created, "created");
        items = List.copyOf(items);
    }

    /** How an item was captured. */
    public enum Kind { PATH, SQLITE, POSTGRES, MARIADB }

    /**
     * One captured thing.
     *
     * @param target the host path, or the database URL
     * @param file where its copy is inside the snapshot directory; empty when the path or SQLite file
     *     did not exist at capture time (a restore removes it)
     */
    public record Item(Kind kind, String target, Optional<String> file) {
        public Item {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(file, "file");
        }
    }
}
