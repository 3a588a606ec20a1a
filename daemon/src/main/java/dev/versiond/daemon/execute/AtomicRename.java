package dev.versiond.daemon.execute;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replacing a path by preparing a sibling and renaming it over the path, durably: rename(2) is
 * atomic on POSIX, so readers see the old entry or the new one, never a half-made one. Shared by
 * file writes and link swaps.
 */
final class AtomicRename {
    private static final String MARK = ".versiond-";
    private static final String SUFFIX = ".tmp";
    /** Keeps the temporary name under the usual 255-byte limit of a file name. */
    private static final int MAX_BASE = 128;

    private AtomicRename() {
    }

    /** A fresh name next to {@code target}: hidden, and recognisably versiond's. */
    static Path temporaryFor(Path target) {
        return target.resolveSibling(prefix(target) + UUID.randomUUID() + SUFFIX);
    }

    /** Removes temporaries a crash left next to {@code target} before their rename. */
    static void removeStale(Path target) throws IOException {
        String prefix = prefix(target);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
                entry -> {
                    String name = entry.getFileName().toString();
                    return name.startsWith(prefix) && name.endsWith(SUFFIX);
                })) {
            for (Path stale : entries) {
                Files.deleteIfExists(stale);
            }
        }
    }

    /** Renames {@code temporary} over {@code target} (deleting it if that fails), then flushes the directory. */
    static void over(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        syncDirectory(target.getParent());
    }

    /** Flushes a directory's entries (a rename, a delete) to disk so they survive a power cut. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened or flushed; the change itself happened.
        }
    }

    private static String prefix(Path target) {
        String name = target.getFileName().toString();
        return "." + (name.length() > MAX_BASE ? name.substring(0, MAX_BASE) : name) + MARK;
    }
}
