package dev.versiond.daemon.cli;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A throwaway state directory for a preview: owner-only, under the temporary directory, deleted
 * with everything in it (store, lock, Git mirror) on close. {@code plan} uses one when the agent's
 * state directory does not exist, so a preview never creates an agent's state.
 */
final class ScratchStateDirectory implements AutoCloseable {
    private final Path directory;

    private ScratchStateDirectory(Path directory) {
        this.directory = directory;
    }

    static ScratchStateDirectory create() {
        try {
            return new ScratchStateDirectory(Files.createTempDirectory("versiond-plan-"));
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STATE, "cannot create a scratch state directory for the plan: " + IoReason.of(e), e);
        }
    }

    Path path() {
        return directory;
    }

    @Override
    public void close() {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // What is left is in the temporary directory, owner-only, and holds no secret.
        }
    }
}
