package dev.versiond.spec.tree;

import java.util.List;
import java.util.Optional;

/**
 * A read-only tree of files holding a desired-state repository. The loader sees nothing else, so
 * a Git commit's tree can be read without a checkout and a test can hand in a map.
 *
 * <p>Paths are relative, '/'-separated, without a leading slash, and never contain {@code ..}.
 * Symbolic links are not files of the tree: implementations leave them out and report them through
 * {@link #symlinks()} so that nothing is ever read through a link.
 */
public interface SpecTree {

    /** Every regular file in the tree, sorted. */
    List<String> paths();

    /**
     * The bytes of one file.
     *
     * @throws dev.versiond.spec.VersiondException if the path is not a file of the tree or cannot be read
     */
    byte[] read(String path);

    /**
     * A stable identity of a file's content (a Git blob id), when the tree has one: equal ids mean
     * equal bytes, so parsed results can be cached by it.
     */
    default Optional<String> contentId(String path) {
        return Optional.empty();
    }

    /** Paths of symbolic links found in the tree; they are never followed. */
    default List<String> symlinks() {
        return List.of();
    }

    /** A short description of where the tree comes from, for messages (a directory, a commit). */
    String describe();
}
