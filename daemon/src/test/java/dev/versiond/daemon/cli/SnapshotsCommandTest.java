package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.snapshot.SnapshotRunner;
import dev.versiond.daemon.snapshot.SnapshotStore;
import dev.versiond.daemon.testing.TreeFingerprint;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.StepCommon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsCommandTest {
    @TempDir
    Path dir;

    @Test
    void snapshotsListsWhatStepsTookAndRestorePutsOneBackByHand() throws Exception {
        Path root = dir.resolve("root");
        Path state = dir.resolve("state");
        Path conf = root.resolve("etc/cms");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("cms.conf"), "port = 80\n");
        Files.createDirectories(state);
        String before = TreeFingerprint.of(conf);
        SnapshotStep step = new SnapshotStep(StepCommon.of("conf", Position.startOf("t")), List.of("/etc/cms"), List.of(),
                3, Optional.empty());
        StepContext ctx = new StepContext(new HostRoot(root), Map.of(), Map.of("VERSIOND_COMPONENT", "cms",
                "VERSIOND_VERSION", "1.1.0", "VERSIOND_COMMIT", "0123456789abcdef"));
        new SnapshotRunner(SnapshotStore.of(state), Clock.systemUTC()).capture(step, ctx);
        String id = SnapshotRunner.id(step, ctx);
        Files.writeString(conf.resolve("cms.conf"), "port = 81\n");

        CliRun list = CliRun.of("snapshots", "--state", state.toString());
        CliRun other = CliRun.of("snapshots", "--state", state.toString(), "--component", "web");
        CliRun restore = CliRun.of("snapshots", "restore", "--state", state.toString(), "--root", root.toString(), id);
        CliRun unknown = CliRun.of("snapshots", "restore", "--state", state.toString(), "--root", root.toString(), "nope");

        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(list.stdout()).contains(id).contains("cms").contains("1.1.0").contains("conf");
        assertThat(other.stdout()).contains("No snapshots.");
        assertThat(restore.exitCode()).as("%s", restore).isZero();
        assertThat(TreeFingerprint.of(conf)).isEqualTo(before);
        assertThat(unknown.exitCode()).as("%s", unknown).isEqualTo(ExitCode.USAGE.code());
        assertThat(unknown.stderr()).contains("no complete snapshot 'nope'");
    }
}
