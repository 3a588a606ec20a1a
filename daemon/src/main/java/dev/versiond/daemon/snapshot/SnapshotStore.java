package dev.versiond.daemon.snapshot;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The snapshots of one state directory, {@code <state>/snapshots/<id>/}. A capture is written into
 * {@code .partial-<id>/}, its manifest last, and renamed to {@code <id>/} only once complete and
 * synced: a directory without the {@code .} prefix and with a manifest is a complete snapshot, so
 * a capture cut short by a crash is never restored from. Replacing a snapshot of the same id (a
 * retry at the same commit) moves the old one to {@code .old-<id>/} first; a crash between the two
 * renames leaves the old one readable there. Leftovers are removed by the next capture.
 *
 * <p>A snapshot a restore has put back carries a {@code restored} marker: until then, a capture of
 * the same id keeps it (it is the rollback point of a pass a crash cut short, and the host may have
 * changed since); after, a capture replaces it (a retry at the same commit, or a re-upgrade).
 */
public final class SnapshotStore {
    static final String MANIFEST = "manifest.properties";
    /** Marks a snapshot a restore has put back: a capture of the same id may replace it from then on. */
    static final String RESTORED = "restored";
    private static final String PARTIAL = ".partial-";
    private static final String OLD = ".old-";

    private final Path dir;

    /** @param dir the {@code snapshots} directory of a state directory */
    public SnapshotStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        finishReplacements();
    }

    /**
     * A crash inside {@link #commit} between moving a snapshot aside ({@code .old-<id>}) and renaming its
     * new capture in left no {@code <id>}: a restore would find nothing. Puts one back: the new capture
     * when it is complete (its manifest written and synced before the renames), else the old one.
     */
    private void finishReplacements() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, OLD + "*")) {
            for (Path old : entries) {
                String id = old.getFileName().toString().substring(OLD.length());
                Path complete = path(id);
                if (Files.exists(complete)) {
                    continue;
                }
                Path partial = dir.resolve(PARTIAL + id);
                Files.move(Files.exists(partial.resolve(MANIFEST)) ? partial : old, complete);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STATE, "cannot finish replacing a snapshot in " + dir + ": "
                    + IoReason.of(e), e);
        }
    }

    /** The store of a state directory. */
    public static SnapshotStore of(Path stateDir) {
        return new SnapshotStore(stateDir.resolve("snapshots"));
    }

    public Path directory() {
        return dir;
    }

    /** Where a snapshot's files are, complete or not. */
    Path path(String id) {
        return dir.resolve(id);
    }

    /** A fresh, empty directory for a capture of {@code id}; leftovers of earlier captures are removed first. */
    Path begin(String id) {
        try {
            Files.createDirectories(dir);
            sweep();
            Path partial = dir.resolve(PARTIAL + id);
            Files.createDirectory(partial);
            return partial;
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STEP_FAILED, "cannot prepare snapshot " + id + " in " + dir + ": "
                    + IoReason.of(e), e);
        }
    }

    /** Writes the manifest, syncs the capture to disk and renames it complete. */
    void commit(Path partial, SnapshotInfo info) {
        try {
            Path manifest = partial.resolve(MANIFEST);
            try (OutputStream out = Files.newOutputStream(manifest)) {
                properties(info).store(out, "versiond snapshot");
            }
            TreeCopy.syncFileSystem(partial);
            Path complete = path(info.id());
            Path old = dir.resolve(OLD + info.id());
            if (Files.exists(complete)) {
                TreeCopy.delete(old);
                Files.move(complete, old);
            }
            Files.move(partial, complete);
            syncDirectory(dir);
            TreeCopy.delete(old);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STEP_FAILED, "cannot complete snapshot " + info.id() + ": "
                    + IoReason.of(e), e);
        }
    }

    /** Whether a restore has put this snapshot back (since it was taken). */
    boolean restored(String id) {
        return Files.exists(location(id).resolve(RESTORED));
    }

    /** Records that a restore put the snapshot back; durable before the restore reports success. */
    void markRestored(String id) throws IOException {
        Path marker = location(id).resolve(RESTORED);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
            syncDirectory(marker.getParent());
        }
    }

    /** Removes what a capture left unfinished. */
    void abandon(Path partial) {
        try {
            TreeCopy.delete(partial);
        } catch (IOException e) {
            // The next capture sweeps it.
        }
    }

    /** The complete snapshot of that id, if there is one (or the one a crash left mid-replacement). */
    public Optional<SnapshotInfo> find(String id) {
        if (id.isEmpty() || id.startsWith(".") || id.contains("/")) {
            return Optional.empty();
        }
        Optional<SnapshotInfo> info = read(path(id));
        return info.isPresent() ? info : read(dir.resolve(OLD + id));
    }

    /** Where the files of a complete snapshot are. */
    Path location(String id) {
        return Files.exists(path(id).resolve(MANIFEST)) ? path(id) : dir.resolve(OLD + id);
    }

    /** Every complete snapshot, newest first; those of one component when given. */
    public List<SnapshotInfo> list(Optional<String> component) {
        List<SnapshotInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                read(p).filter(i -> component.isEmpty() || component.get().equals(i.component())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STATE, "cannot list snapshots in " + dir + ": " + IoReason.of(e), e);
        }
        out.sort(Comparator.comparing(SnapshotInfo::created).thenComparing(SnapshotInfo::id).reversed());
        return out;
    }

    /**
     * Keeps the newest {@code keep} snapshots of a component and removes the older ones, except those
     * taken at {@code commit}: they belong to the pass (or chain) running now, whose rollback may need them.
     *
     * @return the ids removed
     */
    List<String> prune(String component, int keep, String commit) {
        List<String> removed = new ArrayList<>();
        List<SnapshotInfo> all = list(Optional.of(component));
        for (int i = keep; i < all.size(); i++) {
            SnapshotInfo old = all.get(i);
            if (old.commit().equals(commit)) {
                continue;
            }
            try {
                TreeCopy.delete(path(old.id()));
                removed.add(old.id());
            } catch (IOException e) {
                throw new VersiondException(ErrorCode.STEP_FAILED, "cannot remove old snapshot " + old.id() + ": "
                        + IoReason.of(e), e);
            }
        }
        return removed;
    }

    private void sweep() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PARTIAL + "*")) {
            for (Path p : entries) {
                TreeCopy.delete(p);
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, OLD + "*")) {
            for (Path p : entries) {
                String id = p.getFileName().toString().substring(OLD.length());
                if (Files.exists(path(id).resolve(MANIFEST))) {
                    TreeCopy.delete(p); // replaced; a crash kept it only until the new one was in place
                }
            }
        }
    }

    private static void syncDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static Properties properties(SnapshotInfo info) {
        Properties p = new Properties();
        p.setProperty("id", info.id());
        p.setProperty("component", info.component());
        p.setProperty("version", info.version());
        p.setProperty("step", info.step());
        p.setProperty("commit", info.commit());
        p.setProperty("created", info.created().toString());
        p.setProperty("bytes", Long.toString(info.bytes()));
        p.setProperty("items", Integer.toString(info.items().size()));
        for (int i = 0; i < info.items().size(); i++) {
            SnapshotInfo.Item item = info.items().get(i);
            p.setProperty("item." + i + ".kind", item.kind().name());
            p.setProperty("item." + i + ".target", item.target());
            String key = "item." + i + ".file";
            item.file().ifPresent(f -> p.setProperty(key, f));
        }
        return p;
    }

    private static Optional<SnapshotInfo> read(Path snapshot) {
        Path manifest = snapshot.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(manifest)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
        try {
            int n = Integer.parseInt(p.getProperty("items"));
            List<SnapshotInfo.Item> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(new SnapshotInfo.Item(SnapshotInfo.Kind.valueOf(p.getProperty("item." + i + ".kind")),
                        p.getProperty("item." + i + ".target"), Optional.ofNullable(p.getProperty("item." + i + ".file"))));
            }
            return Optional.of(new SnapshotInfo(p.getProperty("id"), p.getProperty("component"), p.getProperty("version"),
                    p.getProperty("step"), p.getProperty("commit"), Instant.parse(p.getProperty("created")), items,
                    Long.parseLong(p.getProperty("bytes"))));
        } catch (RuntimeException e) {
            throw new VersiondException(ErrorCode.STATE, "snapshot manifest " + manifest + " is damaged: " + e.getMessage(), e);
        }
    }
}
