package dev.versiond.daemon.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.sql.Databases;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.StepCommon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRunnerTest {
    @TempDir
    Path dir;

    private StepContext context() {
        return new StepContext(new HostRoot(dir.resolve("root")), Map.of(), Map.of("VERSIOND_COMPONENT", "cms",
                "VERSIOND_VERSION", "1.1.0", "VERSIOND_COMMIT", "0123456789abcdef"));
    }

    private static SnapshotStep step(List<String> paths, List<SnapshotStep.Database> databases) {
        return new SnapshotStep(StepCommon.of("backup", Position.startOf("t")), paths, databases, 3, Optional.empty());
    }

    @Test
    void aPostgresSnapshotOnAHostWithoutTheToolsFailsNamingWhatToInstallAndLeavesNoSnapshot() {
        SnapshotStore store = SnapshotStore.of(dir.resolve("state"));
        SnapshotRunner runner = new SnapshotRunner(store, new DatabaseDump(List.of(dir.resolve("empty-bin"))), Databases.none(),
                Clock.systemUTC());
        SnapshotStep step = step(List.of(), List.of(new SnapshotStep.Database(SnapshotStep.Engine.POSTGRES,
                "postgresql://cms@127.0.0.1:5432/cms")));

        assertThatThrownBy(() -> runner.capture(step, context())).isInstanceOf(IOException.class)
                .hasMessageContaining("pg_dump is not installed on this host")
                .hasMessageContaining("apt-get install postgresql-client");
        assertThat(store.list(Optional.empty())).isEmpty();
        assertThat(runner.complete(step, context())).isFalse();
    }

    @Test
    void aCaptureCutShortIsNeitherListedNorRestoredFrom() throws Exception {
        SnapshotStore store = SnapshotStore.of(dir.resolve("state"));
        SnapshotRunner runner = new SnapshotRunner(store, Clock.systemUTC());
        SnapshotStep step = step(List.of("/data"), List.of());
        Path partial = store.begin(SnapshotRunner.id(step, context()));
        Files.writeString(partial.resolve("half-written"), "x");

        assertThat(runner.complete(step, context())).isFalse();
        assertThat(store.list(Optional.empty())).isEmpty();
        assertThatThrownBy(() -> runner.restore(step, context(), SnapshotRunner.id(step, context())))
                .hasMessageContaining("nothing to restore from");
    }

    @Test
    void aPathOutsideTheAllowedRootsIsRefused() {
        SnapshotRunner runner = new SnapshotRunner(SnapshotStore.of(dir.resolve("state")), Clock.systemUTC());
        StepContext confined = new StepContext(new HostRoot(dir.resolve("root"),
                new dev.versiond.daemon.plan.AllowedRoots(List.of("/srv"))), Map.of(), Map.of());

        assertThatThrownBy(() -> runner.capture(step(List.of("/etc"), List.of()), confined))
                .hasMessageContaining("outside the allowed roots");
    }
}
