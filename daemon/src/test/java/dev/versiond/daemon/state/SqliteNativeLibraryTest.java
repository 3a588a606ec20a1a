package dev.versiond.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void eachProcessGetsAnOwnerOnlyDirectoryNamedForItsPid() throws IOException {
        Path dir = SqliteNativeLibrary.prepare(tmp, 4242);

        assertThat(dir.getParent()).isEqualTo(tmp);
        assertThat(dir.getFileName().toString()).startsWith("versiond-sqlite-4242-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(SqliteNativeLibrary.prepare(tmp, 4242)).as("a second process of the same pid number").isNotEqualTo(dir);
    }

    @Test
    void directoriesOfProcessesThatAreGoneAreRemovedAndOthersKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.createDirectory(tmp.resolve("versiond-sqlite-" + gone.pid() + "-killed"));
        Files.writeString(stale.resolve("sqlite-3.50.3.0-1234-libsqlitejdbc.so"), "a library\n");
        Path live = Files.createDirectory(tmp.resolve("versiond-sqlite-" + ProcessHandle.current().pid() + "-running"));
        Path unrelated = Files.createDirectory(tmp.resolve("versiond-sqlite-not-a-pid"));

        Path mine = SqliteNativeLibrary.prepare(tmp, ProcessHandle.current().pid());

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactlyInAnyOrder(mine, live, unrelated);
        }
    }
}
