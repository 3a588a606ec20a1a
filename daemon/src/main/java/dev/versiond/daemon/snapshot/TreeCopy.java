package dev.versiond.daemon.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Copies a file tree exactly, as {@code cp --reflink=auto -a} does: a clone of each file where the
 * file system can (btrfs, XFS), a plain copy otherwise; ownership, modes, timestamps, extended
 * attributes, symbolic links (never followed) and hard links within the tree kept. GNU cp is run
 * as a child process without a shell; Java's own copy keeps neither hard links nor ownership of
 * symbolic links, and cannot clone.
 */
final class TreeCopy {
    private TreeCopy() {
    }

    /** Copies {@code source} (a directory, file or symbolic link) to {@code target}, which must not exist. */
    static void copy(Path source, Path target, Duration timeout) throws IOException {
        run(List.of("cp", "--reflink=auto", "-a", "--no-target-directory", "--", source.toString(), target.toString()),
                timeout, "copy " + source + " to " + target);
    }

    /** Flushes the file system holding {@code path} to disk, so a snapshot marked complete survives a power cut. */
    static void syncFileSystem(Path path) throws IOException {
        run(List.of("sync", "--file-system", "--", path.toString()), Duration.ofMinutes(5), "sync " + path);
    }

    private static void run(List<String> argv, Duration timeout, String what) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("cannot " + what + ": not done within " + timeout.toSeconds() + "s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("cannot " + what + ": " + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("cannot " + what + ": interrupted", e);
        }
    }

    /** Removes a path and everything below it; symbolic links are removed, never followed. Absent is fine. */
    static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The bytes a copy of {@code path} needs at most: the apparent size of every regular file below it,
     * each hard-linked file counted once; 0 when it does not exist.
     */
    static long size(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        long[] total = {0};
        java.util.Set<Object> seen = new java.util.HashSet<>();
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && (attrs.fileKey() == null || seen.add(attrs.fileKey()))) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
