package dev.versiond.daemon.e2e;

import dev.versiond.daemon.testing.Fleet;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.VersiondCli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What every end-to-end test starts from: an empty desired-state repository and one host following it. */
abstract class OneHost {
    static final VersiondCli CLI = VersiondCli.fromSystemProperty();

    @TempDir
    Path tmp;

    GitFixture git;
    Fleet fleet;
    Host host;

    @BeforeEach
    void createRepositoryAndHost() {
        git = GitFixture.init(tmp.resolve("repo"));
        fleet = Fleet.in(git);
        host = new Host(CLI, tmp.resolve("repo").toUri().toString(), tmp.resolve("state"), tmp.resolve("root"));
    }

    @AfterEach
    void closeRepository() {
        git.close();
    }
}
