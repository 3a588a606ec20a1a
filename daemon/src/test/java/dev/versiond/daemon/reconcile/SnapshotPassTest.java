package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.versiond.daemon.snapshot.SnapshotInfo;
import dev.versiond.daemon.snapshot.SnapshotStore;
import dev.versiond.daemon.testing.TreeFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code snapshot} step in real passes: a data directory that a later {@code run} step changes
 * (contents, modes, timestamps, symbolic links, hard links) comes back exactly, on a rollback and on
 * a downgrade; a capture that cannot fit is refused before anything changes; old snapshots go.
 */
class SnapshotPassTest extends EngineHost {

    private Path data;

    @BeforeEach
    void aDataDirectoryWithEveryKindOfEntry() throws Exception {
        data = root.resolve("var/lib/app/data");
        Files.createDirectories(data.resolve("sub"));
        sh("cd '" + data + "' && echo one > a.txt && chmod 640 a.txt && echo two > sub/b.txt"
                + " && ln -s a.txt link && echo same > h1 && ln h1 h2 && mkdir -m 700 private"
                + " && touch -h -d '2020-01-02 03:04:05' a.txt link h1 sub/b.txt private sub . ");
        for (String v : List.of("1.1.0", "1.2.0")) {
            repo.write("components/app/migrations/" + v + ".yaml", withSnapshot(v, "keep: 5"));
        }
        repo.commit("snapshots before the data changes");
    }

    /** A migration that snapshots the data directory, then changes everything in it. */
    private static String withSnapshot(String v, String options) {
        return migration(v, "").replace("up:\n", """
                up:
                  - id: backup
                    snapshot:
                      paths: [/var/lib/app/data, /var/lib/app/absent]
                      %s
                  - id: rewrite-data
                    run:
                      argv: [sh, -c, 'cd "$VERSIOND_ROOT/var/lib/app/data" && echo changed > a.txt && chmod 600 a.txt && rm -f link && ln -s sub/b.txt link && rm -f h2 && echo other > h2 && echo new > new.txt && rm -f sub/b.txt && rm -rf private && mkdir -p ../absent']
                      idempotent: true
                      down: ["true"]
                """.formatted(options));
    }

    @Test
    void aRollbackRestoresTheDataDirectoryExactly() throws Exception {
        converged();
        String before = TreeFingerprint.of(data);
        breakVersion("1.1.0");
        pin("1.1.0");

        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);

        assertThat(TreeFingerprint.of(data)).isEqualTo(before);
        assertThat(root.resolve("var/lib/app/absent")).as("a path absent at capture is absent again").doesNotExist();
        assertThat(recorded()).contains("1.0.0");
    }

    @Test
    void aPassResumedAfterACrashKeepsTheSnapshotTakenBeforeTheDataChangedAndItsRollbackRestoresIt() throws Exception {
        converged();
        String before = TreeFingerprint.of(data);
        pin("1.1.0");
        crashingPass((call, step) -> call.equals("apply") && step.id().equals("version-file"));
        assertThat(TreeFingerprint.of(data)).as("the crash came after the data was rewritten").isNotEqualTo(before);
        breakVersion("1.1.0");

        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);

        assertThat(TreeFingerprint.of(data)).isEqualTo(before);
    }

    @Test
    void aCaptureCutShortByACrashIsNotRestoredWhenTheTargetMovesBack() throws Exception {
        converged();
        String before = TreeFingerprint.of(data);
        pin("1.1.0");
        crashingPass((call, step) -> call.equals("apply") && step.id().equals("backup"));
        pin("1.0.0");

        PassOutcome cleanup = pass();

        assertThat(cleanup).as("the started snapshot step is cleaned up without a snapshot to restore")
                .isNotInstanceOf(PassOutcome.RolledBack.class).isNotInstanceOf(PassOutcome.Failed.class);
        assertThat(blocked()).isEmpty();
        assertThat(recorded()).contains("1.0.0");
        assertThat(TreeFingerprint.of(data)).isEqualTo(before);
    }

    @Test
    void aCompleteCaptureIsRestoredWhenTheTargetMovesBackAfterACrashAtALaterStep() throws Exception {
        converged();
        String before = TreeFingerprint.of(data);
        pin("1.1.0");
        crashingPass((call, step) -> call.equals("apply") && step.id().equals("version-file"));
        assertThat(TreeFingerprint.of(data)).as("the crash came after the data was rewritten").isNotEqualTo(before);
        pin("1.0.0"); // a new commit: the snapshot's id holds the commit it was taken at

        assertThat(pass()).isNotInstanceOf(PassOutcome.RolledBack.class).isNotInstanceOf(PassOutcome.Failed.class);

        assertThat(TreeFingerprint.of(data)).as("the cleanup restored the snapshot").isEqualTo(before);
        assertThat(blocked()).isEmpty();
        assertThat(recorded()).contains("1.0.0");
    }

    @Test
    void aLaterDowngradeRestoresTheDataDirectoryExactly() throws Exception {
        String before = TreeFingerprint.of(data);
        pin("1.1.0");
        converged();
        assertThat(TreeFingerprint.of(data)).as("the run step changed it").isNotEqualTo(before);

        pin("1.0.0");
        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);

        assertThat(TreeFingerprint.of(data)).isEqualTo(before);
        assertThat(recorded()).contains("1.0.0");
    }

    @Test
    void aSnapshotTheStateDirectoryHasNoRoomForIsRefusedBeforeAnythingChanges() throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "needs a small file system of its own (root may mount tmpfs here)");
        try {
            state = small.resolve("state");
            converged();
            Files.write(data.resolve("big.bin"), new byte[6 << 20]);
            String before = TreeFingerprint.of(data);
            List<String> logBefore = log();
            pin("1.1.0");

            PassOutcome outcome = pass();

            assertThat(outcome).isInstanceOf(PassOutcome.RolledBack.class);
            assertThat(outcome.summary()).contains("backup.space").contains("free; refused before anything changed");
            assertThat(log()).as("no up step ran").isEqualTo(logBefore);
            assertThat(TreeFingerprint.of(data)).isEqualTo(before);
            assertThat(recorded()).contains("1.0.0");
            assertThat(SnapshotStore.of(state).list(Optional.empty())).isEmpty();
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).start().waitFor();
        }
    }

    @Test
    void aCaptureLargerThanMaxSizeIsRefusedBeforeAnythingChanges() throws Exception {
        repo.write("components/app/migrations/1.1.0.yaml", withSnapshot("1.1.0", "maxSize: 10B"));
        pin("1.1.0");

        PassOutcome outcome = pass();

        assertThat(outcome.summary()).contains("more than its maxSize of 10 B");
        assertThat(log()).doesNotContain("up unpack 1.1.0");
    }

    @Test
    void retentionKeepsTheNewestSnapshotsOfTheComponentAndRemovesTheOldest() {
        for (String v : List.of("1.1.0", "1.2.0")) {
            repo.write("components/app/migrations/" + v + ".yaml", withSnapshot(v, "keep: 1"));
        }
        pin("1.1.0");
        converged();
        SnapshotInfo first = SnapshotStore.of(state).list(Optional.of("app")).get(0);
        pin("1.2.0");
        converged();

        List<SnapshotInfo> kept = SnapshotStore.of(state).list(Optional.of("app"));

        assertThat(kept).extracting(SnapshotInfo::version).containsExactly("1.2.0");
        assertThat(SnapshotStore.of(state).find(first.id())).isEmpty();
    }

    @Test
    void aSqliteDatabaseIsRestoredThroughTheBackupApiOnRollback() throws Exception {
        Path db = root.resolve("var/lib/app/app.db");
        sql(db, "create table t (v text)", "insert into t values ('kept')");
        sql(root.resolve("other.db"), "create table t (v text)", "insert into t values ('replaced')");
        repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", "").replace("up:\n", """
                up:
                  - id: backup-db
                    snapshot: { sqlite: [/var/lib/app/app.db] }
                  - id: change-db
                    run:
                      argv: [sh, -c, 'cp "$VERSIOND_ROOT/other.db" "$VERSIOND_ROOT/var/lib/app/app.db"']
                      idempotent: true
                      down: ["true"]
                """));
        repo.commit("a database snapshot");
        converged();
        breakVersion("1.1.0");
        pin("1.1.0");

        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);

        assertThat(rows(db)).isEqualTo("kept\n");
        SnapshotInfo taken = SnapshotStore.of(state).list(Optional.of("app")).get(0);
        assertThat(taken.items()).extracting(SnapshotInfo.Item::kind).containsExactly(SnapshotInfo.Kind.SQLITE);
    }

    private static void sql(Path db, String... statements) throws SQLException, IOException {
        Files.createDirectories(db.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    private static String rows(Path db) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select v from t order by rowid")) {
            while (r.next()) {
                out.append(r.getString(1)).append('\n');
            }
        }
        return out.toString();
    }

    private static void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
