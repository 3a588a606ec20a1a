package dev.versiond.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoReasonTest {
    @Test
    void anAccessDeniedExceptionSaysPermissionDenied() {
        assertThat(IoReason.of(new AccessDeniedException("/var/lib/versiond/lock")))
                .isEqualTo("/var/lib/versiond/lock: Permission denied");
    }

    @Test
    void aMissingFileSaysSoAndNamesBothPathsOfAMove() {
        assertThat(IoReason.of(new NoSuchFileException("/a", "/b", null))).isEqualTo("/a -> /b: No such file or directory");
    }

    @Test
    void theReasonTheSystemGaveIsKept() {
        assertThat(IoReason.of(new FileSystemException("/var/lib/versiond", null, "Read-only file system")))
                .isEqualTo("/var/lib/versiond: Read-only file system");
    }

    @Test
    void otherIoErrorsKeepTheirMessageOrTheirType() {
        assertThat(IoReason.of(new IOException("disk on fire"))).isEqualTo("disk on fire");
        assertThat(IoReason.of(new IOException())).isEqualTo("IOException");
    }
}
