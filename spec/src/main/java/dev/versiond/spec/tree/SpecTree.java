package dev.versiond.spec.tree;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

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
     * The size in bytes of one file, without holding its content where the tree can tell it so (a
     * Git object's header, a file's attributes); the default reads the file.
     *
     * @throws dev.versiond.spec.VersiondException if the path is not a file of the tree or cannot be read
     */
    default long size(String path) {
        return read(path).length;
    }

    /**
     * A stable identity of a file's content (a Git blob id), when the tree has one: equal ids mean
     * equal bytes, so parsed results can be cached by it.
     */
    default Optional<String> contentId(String path) {
        return Optional.empty();
    }

    /**
     * A stable identity of a directory's whole content, when the tree has one (a Git tree id): equal
     * ids mean the same files with the same bytes and the same links below it, so whatever was made
     * from the directory can be reused without listing or reading it again. Trees that offer it also
     * make {@link #list} cheap (one level read, nothing below it), and a loader may then read them
     * directory by directory instead of through {@link #paths()}.
     *
     * @param directory a directory path ("" for the root)
     */
    default Optional<String> directoryId(String directory) {
        return Optional.empty();
    }

    /**
     * The entries directly inside a directory, sorted by name; empty when there is no such directory.
     * The default derives them from {@link #paths()} and {@link #symlinks()} (linear in the tree).
     *
     * @param directory a directory path ("" for the root)
     */
    default List<Entry> list(String directory) {
        String prefix = directory.isEmpty() ? "" : directory + "/";
        TreeMap<String, Entry> entries = new TreeMap<>();
        for (String path : paths()) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    entries.put(rest, new Entry(rest, Entry.Type.FILE, contentId(path)));
                } else {
                    String name = rest.substring(0, slash);
                    entries.computeIfAbsent(name, n -> new Entry(n, Entry.Type.DIRECTORY, directoryId(prefix + n)));
                }
            }
        }
        for (String link : symlinks()) {
            if (link.startsWith(prefix)) {
                String rest = link.substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    entries.put(rest, new Entry(rest, Entry.Type.SYMLINK, Optional.empty()));
                } else {
                    String name = rest.substring(0, slash);
                    entries.computeIfAbsent(name, n -> new Entry(n, Entry.Type.DIRECTORY, directoryId(prefix + n)));
                }
            }
        }
        return List.copyOf(entries.values());
    }

    /**
     * One entry of a directory listing.
     *
     * @param name the entry's name (no '/')
     * @param id its content id (file) or directory id, when the tree has them
     */
    record Entry(String name, Type type, Optional<String> id) {
        /** What an entry is. */
        public enum Type { FILE, DIRECTORY, SYMLINK }

        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
        }
    }

    /** Paths of symbolic links found in the tree; they are never followed. */
    default List<String> symlinks() {
        return List.of();
    }

    /** A short description of where the tree comes from, for messages (a directory, a commit). */
    String describe();
}
