package dev.versiond.daemon.snapshot;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.sql.Databases;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.SnapshotStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Takes and restores the snapshots of {@code snapshot} steps. A snapshot's id follows from the step
 * and the context it runs in (component, version, step id, commit), so the step finds its snapshot
 * again after a crash without anything handed between capture and apply.
 *
 * <p>A restore is idempotent and never half-visible: each path is copied out of the snapshot next to
 * its place ({@code .versiond-restore-<name>}) and swapped in with two renames; a crash leaves only
 * siblings that the next restore removes before it starts. A snapshot that is not complete (a capture
 * cut short) is never restored from: it has no manifest, and {@link SnapshotStore#find} does not see it.
 */
public final class SnapshotRunner {
    private static final String RESTORING = ".versiond-restore-";
    private static final String REPLACED = ".versiond-replaced-";

    private final SnapshotStore store;
    private final DatabaseDump dumps;
    private final Databases databases;
    private final Clock clock;

    /** A runner that knows no named databases: PostgreSQL and MariaDB only by URL. */
    public SnapshotRunner(SnapshotStore store, Clock clock) {
        this(store, Databases.none(), clock);
    }

    /** @param databases the databases a snapshot may name, as sql steps do (the agent's databases file) */
    public SnapshotRunner(SnapshotStore store, Databases databases, Clock clock) {
        this(store, DatabaseDump.fromEnvironment(), databases, clock);
    }

    SnapshotRunner(SnapshotStore store, DatabaseDump dumps, Databases databases, Clock clock) {
        this.store = store;
        this.dumps = dumps;
        this.databases = databases;
        this.clock = clock;
    }

    public SnapshotStore store() {
        return store;
    }

    /** The id the step's snapshot has in this context. */
    public static String id(SnapshotStep step, StepContext context) {
        String commit = context.env().getOrDefault("VERSIOND_COMMIT", "local");
        String raw = context.env().getOrDefault("VERSIOND_COMPONENT", "component") + "-"
                + context.env().getOrDefault("VERSIOND_VERSION", "0") + "-" + step.id() + "-"
                + commit.substring(0, Math.min(12, commit.length()));
        return raw.replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
    }

    /** Whether the snapshot {@code id} is complete in the store (a capture cut short is not). */
    public boolean complete(String id) {
        return store.find(id).isPresent();
    }

    /** Whether the step's snapshot is complete in the store (a capture cut short is not). */
    public boolean complete(SnapshotStep step, StepContext context) {
        return store.find(id(step, context)).isPresent();
    }

    /**
     * Whether the step's snapshot is already there and must be kept: complete and never restored, so
     * taken by a pass that a crash cut short after the capture. The steps after it may have changed
     * the host since; capturing again would make the rollback restore their changes.
     */
    public boolean kept(SnapshotStep step, StepContext context) {
        String id = id(step, context);
        return store.find(id).isPresent() && !store.restored(id);
    }

    /**
     * Captures the step's paths and databases, then prunes the component's oldest snapshots.
     *
     * @return what was captured, for the step's output
     */
    public String capture(SnapshotStep step, StepContext context) throws IOException {
        String id = id(step, context);
        Duration timeout = step.effectiveTimeout();
        Path partial = store.begin(id);
        try {
            List<SnapshotInfo.Item> items = new ArrayList<>();
            long bytes = 0;
            int n = 0;
            for (String hostPath : step.paths()) {
                Path source = confined(context.root(), hostPath);
                if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                    items.add(new SnapshotInfo.Item(SnapshotInfo.Kind.PATH, hostPath, Optional.empty()));
                    continue;
                }
                String file = "files/" + n++;
                Files.createDirectories(partial.resolve("files"));
                bytes += TreeCopy.size(source);
                TreeCopy.copy(source, partial.resolve(file), timeout);
                items.add(new SnapshotInfo.Item(SnapshotInfo.Kind.PATH, hostPath, Optional.of(file)));
            }
            for (SnapshotStep.Database db : step.databases()) {
                Files.createDirectories(partial.resolve("db"));
                String file = "db/" + n++ + (db.engine() == SnapshotStep.Engine.SQLITE ? ".sqlite" : ".sql");
                Path copy = partial.resolve(file);
                if (db.engine() == SnapshotStep.Engine.SQLITE) {
                    Path database = confined(context.root(), db.target());
                    if (!Files.isRegularFile(database, LinkOption.NOFOLLOW_LINKS)) {
                        items.add(new SnapshotInfo.Item(SnapshotInfo.Kind.SQLITE, db.target(), Optional.empty()));
                        continue;
                    }
                    SqliteBackup.backup(database, copy);
                } else {
                    dumps.dump(DumpTarget.of(db, databases), copy, timeout);
                }
                bytes += Files.size(copy);
                items.add(new SnapshotInfo.Item(SnapshotInfo.Kind.valueOf(db.engine().name()), db.target(), Optional.of(file)));
            }
            String commit = context.env().getOrDefault("VERSIOND_COMMIT", "local");
            SnapshotInfo info = new SnapshotInfo(id, context.env().getOrDefault("VERSIOND_COMPONENT", "component"),
                    context.env().getOrDefault("VERSIOND_VERSION", "0"), step.id(), commit, clock.instant(), items, bytes);
            store.commit(partial, info);
            List<String> pruned = store.prune(info.component(), step.keep(), commit);
            return "snapshot " + id + ": " + items.size() + " item(s), " + bytes + " bytes"
                    + (pruned.isEmpty() ? "" : "; removed old snapshot(s) " + String.join(", ", pruned));
        } catch (IOException | RuntimeException e) {
            store.abandon(partial);
            throw e;
        }
    }

    /** Restores the snapshot the step took in this context. */
    public String restore(SnapshotStep step, StepContext context, String id) throws IOException {
        SnapshotInfo info = store.find(id).orElseThrow(() -> new IOException("snapshot " + id + " is not in "
                + store.directory() + " (removed by retention, or its capture never completed): nothing to restore from"));
        restore(info, context.root(), step.effectiveTimeout());
        return "restored snapshot " + id;
    }

    /**
     * Puts every path and database of a snapshot back as captured: a path that did not exist then is
     * removed. The operator's emergency path ({@code versiond snapshots restore ID}) calls this too.
     */
    public void restore(SnapshotInfo info, HostRoot root, Duration timeout) throws IOException {
        Path location = store.location(info.id());
        for (SnapshotInfo.Item item : info.items()) {
            switch (item.kind()) {
                case PATH -> restorePath(confined(root, item.target()), item.file().map(location::resolve), timeout);
                case SQLITE -> {
                    Path database = confined(root, item.target());
                    if (item.file().isEmpty()) {
                        SqliteBackup.remove(database);
                    } else {
                        SqliteBackup.restore(location.resolve(item.file().get()), database);
                    }
                }
                case POSTGRES, MARIADB -> dumps.load(DumpTarget.of(new SnapshotStep.Database(
                        SnapshotStep.Engine.valueOf(item.kind().name()), item.target()), databases),
                        location.resolve(item.file().orElseThrow()), timeout);
            }
        }
        store.markRestored(info.id());
    }

    /** A host path under the root, refused when a symbolic link on its way leads outside the root or allowed roots. */
    private static Path confined(HostRoot root, String hostPath) throws IOException {
        Path p = root.resolve(hostPath);
        if (!root.parentsStayInside(p)) {
            throw new IOException(hostPath + " leads outside " + root.root() + " or the allowed roots through a "
                    + "symbolic link on its way; refused");
        }
        return p;
    }

    private static void restorePath(Path target, Optional<Path> copy, Duration timeout) throws IOException {
        Path parent = target.getParent();
        Path restoring = parent.resolve(RESTORING + target.getFileName());
        Path replaced = parent.resolve(REPLACED + target.getFileName());
        TreeCopy.delete(restoring);
        TreeCopy.delete(replaced);
        if (copy.isEmpty()) {
            TreeCopy.delete(target);
            return;
        }
        Files.createDirectories(parent);
        TreeCopy.copy(copy.get(), restoring, timeout);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(target, replaced);
        }
        Files.move(restoring, target);
        TreeCopy.delete(replaced);
    }

    /**
     * The preflight of a snapshot step: fails when the capture would be larger than its
     * {@code maxSize} or than the free space where snapshots are kept. Sizes are apparent sizes, a
     * clone may take less: the check errs on the side of refusing.
     *
     * @return what was measured
     */
    public String checkSpace(Probe.Space space, StepContext context) throws IOException {
        long needed = 0;
        for (String p : space.paths()) {
            needed += TreeCopy.size(context.root().resolve(p));
        }
        for (String db : space.sqlite()) {
            needed += TreeCopy.size(context.root().resolve(db));
        }
        if (space.maxSize().isPresent() && needed > space.maxSize().get()) {
            throw new IOException("the snapshot would be " + bytes(needed) + ", more than its maxSize of "
                    + bytes(space.maxSize().get()) + "; refused before anything changed");
        }
        Path dir = store.directory();
        Files.createDirectories(dir);
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new IOException("cannot read the free space of " + dir + ": " + IoReason.of(e), e);
        }
        if (needed > free) {
            throw new IOException("the snapshot needs " + bytes(needed) + " but " + dir + " has " + bytes(free)
                    + " free; refused before anything changed");
        }
        return "snapshot needs " + bytes(needed) + ", " + bytes(free) + " free in " + dir;
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
