package dev.versiond.daemon.source;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.tree.SpecTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit (or of one directory of it), read from the tree objects as they are asked
 * for and blob by blob from the object database. Nothing is checked out. Blob ids are handed out as
 * content ids and tree ids as directory ids, and {@link #list} reads one tree object, so the spec
 * loader can reuse whatever it made from an unchanged directory without descending into it. The
 * full recursive listing ({@link #paths()}) is made only when someone asks for it.
 */
final class CommitTree implements SpecTree {
    private final Repository repository;
    private final ObjectId root;
    private final long maxFileBytes;
    private final String description;
    /** One directory's entries, and the object id behind each name. */
    private record Listing(ObjectId tree, List<Entry> entries, Map<String, Entry> byName, Map<String, ObjectId> objects) {
        static final Listing NONE = new Listing(null, List.of(), Map.of(), Map.of());
    }

    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    /** Tree objects of directories searched by name without a listing ({@link #lookUp}). */
    private final Map<String, byte[]> rawTrees = new ConcurrentHashMap<>();
    private volatile List<String> paths;
    private volatile List<String> symlinks;

    private CommitTree(Repository repository, ObjectId root, long maxFileBytes, String description) {
        this.repository = repository;
        this.root = root;
        this.maxFileBytes = maxFileBytes;
        this.description = description;
    }

    /**
     * The tree {@code root}: regular and executable files are its files, symbolic links are
     * reported, submodules (gitlinks) are skipped since their content is not in this repository.
     * Nothing is read yet.
     */
    static CommitTree list(Repository repository, RevTree root, long maxFileBytes, String description) {
        return new CommitTree(repository, root.copy(), maxFileBytes, description);
    }

    @Override
    public synchronized List<String> paths() {
        if (paths == null) {
            walkAll();
        }
        return paths;
    }

    @Override
    public synchronized List<String> symlinks() {
        if (symlinks == null) {
            walkAll();
        }
        return symlinks;
    }

    private synchronized void walkAll() {
        if (paths != null) {
            return;
        }
        List<String> files = new ArrayList<>();
        List<String> links = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(root);
            walk.setRecursive(true);
            while (walk.next()) {
                int mode = walk.getRawMode(0);
                if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
                    files.add(walk.getPathString());
                } else if (FileMode.SYMLINK.equals(mode)) {
                    links.add(walk.getPathString());
                }
            }
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SOURCE, "cannot list " + description + ": " + IoReason.of(e), e);
        }
        Collections.sort(files);
        Collections.sort(links);
        symlinks = List.copyOf(links);
        paths = List.copyOf(files);
    }

    @Override
    public Optional<String> directoryId(String directory) {
        if (directory.isEmpty()) {
            return Optional.of(root.name());
        }
        int slash = directory.lastIndexOf('/');
        if (listings.containsKey(slash < 0 ? "" : directory.substring(0, slash))) {
            return entry(directory).filter(e -> e.type() == Entry.Type.DIRECTORY).flatMap(Entry::id);
        }
        return Optional.ofNullable(listing(directory).tree()).map(ObjectId::name);
    }

    /**
     * Drops what only reading needed and a re-read of the same directories does not: the inflated
     * tree objects that looked-up folders were found in (all of {@code components/} in a large
     * repository) and the full recursive listing, if someone asked for it. The listings stay, so
     * the same share loaded again from this tree reads no object.
     */
    void shed() {
        rawTrees.clear();
        synchronized (this) {
            paths = null;
            symlinks = null;
        }
    }

    @Override
    public List<Entry> list(String directory) {
        return listing(directory).entries();
    }

    private Listing listing(String directory) {
        Listing listing = listings.get(directory);
        if (listing == null) {
            // Not computeIfAbsent: reading a directory first reads its parent's listing from the same map.
            listing = readListing(directory);
            listings.putIfAbsent(directory, listing);
        }
        return listing;
    }

    private Listing readListing(String directory) {
        ObjectId tree;
        if (directory.isEmpty()) {
            tree = root;
        } else {
            int slash = directory.lastIndexOf('/');
            Listing parent = listings.get(slash < 0 ? "" : directory.substring(0, slash));
            if (parent == null) {
                // Looked up by path, not through a listing of the parent: one folder of a large
                // components/ (this host's share) costs no entry objects for all the others.
                tree = lookUp(directory);
                if (tree == null) {
                    return Listing.NONE;
                }
            } else {
                String name = directory.substring(slash + 1);
                Optional<Entry> entry = find(parent, name);
                if (entry.isEmpty() || entry.get().type() != Entry.Type.DIRECTORY) {
                    return Listing.NONE;
                }
                tree = parent.objects().get(name);
            }
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, ObjectId> objects = new HashMap<>();
        Map<String, Entry> byName = new HashMap<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                int mode = walk.getRawMode(0);
                Entry.Type type;
                if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
                    type = Entry.Type.FILE;
                } else if (FileMode.TREE.equals(mode)) {
                    type = Entry.Type.DIRECTORY;
                } else if (FileMode.SYMLINK.equals(mode)) {
                    type = Entry.Type.SYMLINK;
                } else {
                    continue;
                }
                String name = walk.getNameString();
                ObjectId id = walk.getObjectId(0);
                objects.put(name, id);
                Entry entry = new Entry(name, type, type == Entry.Type.SYMLINK ? Optional.empty() : Optional.of(id.name()));
                entries.add(entry);
                byName.put(name, entry);
            }
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SOURCE, "cannot list " + directory + " in " + description + ": "
                    + IoReason.of(e), e);
        }
        // Git sorts a tree's entries with directories as if their names ended in '/'; the contract is by name.
        entries.sort(Comparator.comparing(Entry::name));
        return new Listing(tree, List.copyOf(entries), byName, objects);
    }

    /**
     * The tree id of a directory of the commit, found by its path; null when there is no such
     * directory. Its parent's tree object is inflated once per commit tree and scanned for the name,
     * so finding many folders of one large directory costs one inflation, and no entry objects.
     */
    private ObjectId lookUp(String directory) {
        int slash = directory.lastIndexOf('/');
        byte[] parent = rawTree(slash < 0 ? "" : directory.substring(0, slash));
        if (parent == null) {
            return null;
        }
        String name = directory.substring(slash + 1);
        CanonicalTreeParser entries = new CanonicalTreeParser();
        entries.reset(parent);
        for (; !entries.eof(); entries.next()) {
            if (entries.getEntryPathString().equals(name)) {
                return FileMode.TREE.equals(entries.getEntryRawMode()) ? entries.getEntryObjectId() : null;
            }
        }
        return null;
    }

    /** A directory's tree object, inflated; null when there is no such directory. */
    private byte[] rawTree(String directory) {
        byte[] raw = rawTrees.get(directory);
        if (raw != null) {
            return raw;
        }
        Listing listed = listings.get(directory);
        ObjectId tree = directory.isEmpty() ? root : listed != null ? listed.tree() : lookUp(directory);
        if (tree == null) {
            return null;
        }
        try (ObjectReader reader = repository.newObjectReader()) {
            raw = reader.open(tree, Constants.OBJ_TREE).getCachedBytes(Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SOURCE, "cannot list " + directory + " in " + description + ": "
                    + IoReason.of(e), e);
        }
        rawTrees.putIfAbsent(directory, raw);
        return raw;
    }

    private static Optional<Entry> find(Listing listing, String name) {
        return Optional.ofNullable(listing.byName().get(name));
    }

    private Optional<Entry> entry(String path) {
        int slash = path.lastIndexOf('/');
        return find(listing(slash < 0 ? "" : path.substring(0, slash)), path.substring(slash + 1));
    }

    /** The blob id of a regular file of the tree, or null. */
    private ObjectId blob(String path) {
        int slash = path.lastIndexOf('/');
        Listing parent = listing(slash < 0 ? "" : path.substring(0, slash));
        String name = path.substring(slash + 1);
        return find(parent, name).filter(e -> e.type() == Entry.Type.FILE).map(e -> parent.objects().get(name))
                .orElse(null);
    }

    @Override
    public byte[] read(String path) {
        ObjectId id = blob(path);
        if (id == null) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "no file " + path + " in " + description);
        }
        // A reader per call: ObjectReader is not thread-safe, and opening one is cheap.
        try (ObjectReader reader = repository.newObjectReader()) {
            ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
            long size = loader.getSize();
            if (size > maxFileBytes) {
                throw new VersiondException(ErrorCode.SPEC_INVALID, path + " in " + description + " is "
                        + size + " bytes, more than the limit of " + maxFileBytes + " bytes");
            }
            return loader.getBytes((int) Math.min(maxFileBytes, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SOURCE,
                    "cannot read " + path + " in " + description + ": " + IoReason.of(e), e);
        }
    }

    @Override
    public long size(String path) {
        ObjectId id = blob(path);
        if (id == null) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "no file " + path + " in " + description);
        }
        // The object's header only: a file too large to read is measured without being inflated.
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.getObjectSize(id, Constants.OBJ_BLOB);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SOURCE,
                    "cannot read " + path + " in " + description + ": " + IoReason.of(e), e);
        }
    }

    @Override
    public Optional<String> contentId(String path) {
        return Optional.ofNullable(blob(path)).map(ObjectId::name);
    }

    @Override
    public String describe() {
        return description;
    }
}
