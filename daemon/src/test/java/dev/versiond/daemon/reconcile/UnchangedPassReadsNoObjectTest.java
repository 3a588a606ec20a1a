package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Between passes the agent closes its mirror's packs, so JGit drops their indexes (the largest thing
 * the idle agent would keep that grows with the repository). That is only worth it if the next
 * no-change pass does not open them again: here the mirror's objects are taken away after a pass,
 * and the next pass over the same commit still polls, verifies, loads the share, plans and finds
 * the host in sync, reading nothing from the object database. Once the ref moves, the objects are
 * needed again and read.
 */
class UnchangedPassReadsNoObjectTest extends EngineHost {

    @Test
    void aPassOverTheSameCommitReadsNoObjectAndAMovedRefReadsThemAgain() throws IOException {
        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            Reconciler agent = engine.reconciler();
            assertThat(pass(agent)).isInstanceOf(PassOutcome.Applied.class);
            assertThat(pass(agent)).isInstanceOf(PassOutcome.NoChange.class);

            Path objects = state.resolve("mirror.git").resolve("objects");
            Path away = dir.resolve("objects-away");
            Files.move(objects, away);
            Files.createDirectories(objects.resolve("pack"));
            try (JGitSource fresh = JGitSource.open(repo.url(), "main", dir.resolve("state-b"), Clock.systemUTC())) {
                Commit polled = fresh.poll();
                fresh.release();
                Files.move(dir.resolve("state-b").resolve("mirror.git").resolve("objects"), dir.resolve("b-away"));
                assertThatThrownBy(() -> fresh.tree(polled, "").list("")).as("a tree read without the objects")
                        .isInstanceOf(VersiondException.class);
            }

            assertThat(pass(agent)).as("a pass over the same commit, without the mirror's objects")
                    .isInstanceOf(PassOutcome.NoChange.class);
            assertThat(pass(agent)).isInstanceOf(PassOutcome.NoChange.class);

            deleteRecursively(objects);
            Files.move(away, objects);
            pin("1.1.0");
            assertThat(pass(agent)).isInstanceOf(PassOutcome.Applied.class);
            assertThat(Files.readString(root.resolve("opt/app/VERSION"))).isEqualTo("1.1.0\n");
            assertThat(pass(agent)).isInstanceOf(PassOutcome.NoChange.class);
        }
    }

    private static PassOutcome pass(Reconciler agent) {
        return agent.pass("test", true, false, ProgressSink.none(), () -> false).outcome();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
