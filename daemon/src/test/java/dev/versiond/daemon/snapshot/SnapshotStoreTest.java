package dev.versiond.daemon.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's own crash windows, found by the crash trials. */
class SnapshotStoreTest {

    @Test
    void aCrashWhileReplacingASnapshotLeavesTheOldOneToRestoreFromWhenTheNewCaptureIsIncomplete(@TempDir Path dir)
            throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        Path first = store.begin("app-1.1.0-backup-1");
        Files.writeString(first.resolve("data"), "before 1.1.0");
        store.commit(first, info("app-1.1.0-backup-1"));
        // The crash inside commit(): the complete snapshot moved aside, the new capture not renamed in.
        Files.move(dir.resolve("app-1.1.0-backup-1"), dir.resolve(".old-app-1.1.0-backup-1"));
        Files.createDirectory(dir.resolve(".partial-app-1.1.0-backup-1"));

        SnapshotStore reopened = new SnapshotStore(dir);

        assertThat(reopened.find("app-1.1.0-backup-1")).isPresent();
        assertThat(dir.resolve("app-1.1.0-backup-1").resolve("data")).hasContent("before 1.1.0");
    }

    @Test
    void aCompleteNewCaptureWinsOverTheOldOne(@TempDir Path dir) throws IOException {
        SnapshotStore store = new SnapshotStore(dir);
        Path first = store.begin("s");
        Files.writeString(first.resolve("data"), "old");
        store.commit(first, info("s"));
        Files.move(dir.resolve("s"), dir.resolve(".old-s"));
        Path second = dir.resolve(".partial-s");
        Files.createDirectory(second);
        Files.writeString(second.resolve("data"), "new");
        Files.copy(dir.resolve(".old-s").resolve(SnapshotStore.MANIFEST), second.resolve(SnapshotStore.MANIFEST));

        assertThat(new SnapshotStore(dir).find("s")).isPresent();
        assertThat(dir.resolve("s").resolve("data")).hasContent("new");
    }

    private static SnapshotInfo info(String id) {
        return new SnapshotInfo(id, "app", "1.1.0", "backup", "c0ffee", Instant.parse("2026-12-01T00:00:00Z"),
                List.of(), 0);
    }
}
