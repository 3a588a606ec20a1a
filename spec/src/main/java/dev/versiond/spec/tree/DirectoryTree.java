package dev.versiond.spec.tree;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A desired-state repository in a plain directory (a working copy, a CI checkout). Links are
 * listed but never followed; {@code .git} is skipped.
 */
public final class DirectoryTree implements SpecTree {
    private final Path root;
    private final List<String> paths;
    private final List<String> symlinks;

    private DirectoryTree(Path root, List<String> paths, List<String> symlinks) {
        this.root = root;
        this.paths = List.copyOf(paths);
        this.symlinks = List.copyOf(symlinks);
    }

    /** Lists the directory once; later changes on disk are not seen. */
    public static DirectoryTree of(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new VersiondException(ErrorCode.USAGE, "not a directory: " + directory);
        }
        List<String> files = new ArrayList<>();
        List<String> links = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(root)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String relative = relative(root, file);
                    if (attrs.isSymbolicLink()) {
                        links.add(relative);
                    } else if (attrs.isRegularFile()) {
                        files.add(relative);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "cannot list " + root + ": " + e.getMessage(), e);
        }
        Collections.sort(files);
        Collections.sort(links);
        return new DirectoryTree(root, files, links);
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    @Override
    public List<String> paths() {
        return paths;
    }

    @Override
    public byte[] read(String path) {
        if (Collections.binarySearch(paths, path) < 0) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "no file " + path + " in " + describe());
        }
        Path file = root.resolve(path).normalize();
        try {
            if (!file.startsWith(root) || Files.isSymbolicLink(file)) {
                throw new VersiondException(ErrorCode.SPEC_INVALID, "refusing to read " + path + " outside " + root);
            }
            return Files.readAllBytes(file.toRealPath(LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "cannot read " + path + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
    }

    @Override
    public long size(String path) {
        if (Collections.binarySearch(paths, path) < 0) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "no file " + path + " in " + describe());
        }
        try {
            return Files.size(root.resolve(path).normalize());
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "cannot read " + path + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
    }

    @Override
    public List<String> symlinks() {
        return symlinks;
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
