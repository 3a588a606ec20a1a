package dev.versiond.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory's errors keep the operating system's reason. Tests run as root, whom file
 * modes do not stop, so the errors come from paths no mode can fix: a directory under a regular
 * file, a directory that is not there, sysfs.
 */
class StateDirectoryErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void aStateDirectoryThatCannotBeCreatedSaysWhy() throws IOException {
        Files.writeString(tmp.resolve("file"), "a regular file\n");

        assertThatThrownBy(() -> SqliteStateStore.open(tmp.resolve("file/state"), Clock.systemUTC()))
                .isInstanceOf(VersiondException.class)
                .hasMessageStartingWith("cannot create state directory " + tmp.resolve("file/state"))
                .hasMessageEndingWith(": Not a directory");
    }

    @Test
    void aLockThatCannotBeCreatedSaysWhy() {
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> StateDirectoryLock.acquire(missing))
                .isInstanceOf(VersiondException.class)
                .hasMessage("cannot lock state directory " + missing + ": " + missing.resolve("lock")
                        + ": No such file or directory");
    }

    @Test
    void aLockTheKernelRefusesNamesTheRefusal() {
        Path sysfs = Path.of("/sys/kernel");
        assumeTrue(Files.isDirectory(sysfs) && !Files.exists(sysfs.resolve(StateDirectoryLock.FILE)), "no sysfs");

        assertThatThrownBy(() -> StateDirectoryLock.acquire(sysfs))
                .isInstanceOf(VersiondException.class)
                .hasMessageStartingWith("cannot lock state directory /sys/kernel: /sys/kernel/lock: ")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("Permission denied", "Read-only file system",
                        "Operation not permitted"));
    }
}
