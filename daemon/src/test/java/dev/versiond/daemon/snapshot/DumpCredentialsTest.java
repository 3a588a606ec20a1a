package dev.versiond.daemon.snapshot;

import static dev.versiond.daemon.testing.DatabaseServers.execute;
import static dev.versiond.daemon.testing.DatabaseServers.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.sql.DatabaseEndpoint;
import dev.versiond.daemon.sql.Databases;
import dev.versiond.daemon.testing.DatabaseServers;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.SqlEngine;
import dev.versiond.spec.model.StepCommon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a dump's password goes, seen from the tools themselves: each tool on the search path is a wrapper
 * that writes down the command line {@code /proc/PID/cmdline} shows every user of the host (and whether
 * the password is in its environment), then runs the real tool. The password reaches the tool through its
 * environment only; never its arguments, the snapshot's manifest, or an error.
 */
class DumpCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void theMariaDbPasswordOfANamedDatabaseReachesTheToolsThroughTheirEnvironmentOnly() throws Exception {
        String server = DatabaseServers.mariadb();
        String password = server.replaceAll(".*[?&]password=([^&]*).*", "$1");
        String table = "dump_credentials_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
        execute(server, "CREATE TABLE " + table + " (k TEXT)", "INSERT INTO " + table + " VALUES ('before')");
        try {
            DatabaseEndpoint shop = new DatabaseEndpoint("shop", SqlEngine.MARIADB, server.replaceAll("[?&]password=[^&]*", ""),
                    Optional.empty(), Optional.of(password));
            SnapshotRunner runner = runner(Databases.of(List.of(shop)));
            SnapshotStep step = step(new SnapshotStep.Database(SnapshotStep.Engine.MARIADB, "shop"));

            String captured = runner.capture(step, context());
            execute(server, "UPDATE " + table + " SET k = 'after'");
            runner.restore(step, context(), SnapshotRunner.id(step, context()));

            assertThat(strings(server, "SELECT k FROM " + table)).containsExactly("before");
            List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
            assertThat(calls).as("the tools the snapshot ran, as /proc showed them").hasSize(2)
                    .anySatisfy(c -> assertThat(c).contains("mariadb-dump").contains("--user=versiond"))
                    .anySatisfy(c -> assertThat(c).contains("/mariadb "))
                    .allSatisfy(c -> assertThat(c).doesNotContain(password).endsWith("env-password:yes"));
            assertThat(captured).doesNotContain(password);
            String manifest = Files.readString(SnapshotStore.of(dir.resolve("state")).location(SnapshotRunner.id(step,
                    context())).resolve(SnapshotStore.MANIFEST));
            assertThat(manifest).contains("shop").doesNotContain(password);
        } finally {
            execute(server, "DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void aFailingDumpSaysWhatFailedWithoutThePassword() throws Exception {
        String server = DatabaseServers.mariadb();
        String password = "not-the-password-" + System.nanoTime();
        String withWrongPassword = server.replaceAll("([?&]password=)[^&]*", "$1" + password);
        SnapshotRunner runner = runner(Databases.of(List.of(new DatabaseEndpoint("shop", SqlEngine.MARIADB,
                withWrongPassword, Optional.empty(), Optional.empty()))));
        SnapshotStep step = step(new SnapshotStep.Database(SnapshotStep.Engine.MARIADB, "shop"));

        assertThatThrownBy(() -> runner.capture(step, context())).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot dump database shop").hasMessageContaining("Access denied")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
        assertThat(Files.readString(dir.resolve("calls.log"))).doesNotContain(password);
    }

    @Test
    void aNameTheAgentDoesNotKnowIsAClearError() {
        SnapshotRunner runner = runner(Databases.none());
        SnapshotStep step = step(new SnapshotStep.Database(SnapshotStep.Engine.POSTGRES, "cms"));

        assertThatThrownBy(() -> runner.capture(step, context())).isInstanceOf(IOException.class)
                .hasMessageContaining("'cms'").hasMessageContaining("databases file");
    }

    /** A runner whose tools are wrappers that log their own command line, then run the real one. */
    private SnapshotRunner runner(Databases databases) {
        try {
            Path bin = Files.createDirectories(dir.resolve("bin"));
            for (String tool : List.of("mariadb-dump", "mariadb", "pg_dump", "psql")) {
                Path wrapper = bin.resolve(tool);
                Files.writeString(wrapper, """
                        #!/bin/sh
                        pw=no; [ -n "$MYSQL_PWD$PGPASSWORD" ] && pw=yes
                        printf '%%s env-password:%%s\\n' "$(tr '\\0' ' ' < /proc/$$/cmdline)" "$pw" >> '%s'
                        exec /usr/bin/%s "$@"
                        """.formatted(dir.resolve("calls.log"), tool));
                Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return new SnapshotRunner(SnapshotStore.of(dir.resolve("state")), new DatabaseDump(List.of(bin)), databases,
                    Clock.systemUTC());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private StepContext context() {
        return new StepContext(new HostRoot(dir.resolve("root")), Map.of(), Map.of("VERSIOND_COMPONENT", "shop",
                "VERSIOND_VERSION", "1.1.0", "VERSIOND_COMMIT", "0123456789abcdef"));
    }

    private static SnapshotStep step(SnapshotStep.Database db) {
        return new SnapshotStep(StepCommon.of("backup", Position.startOf("t")), List.of(), List.of(db), 3, Optional.empty());
    }


}
