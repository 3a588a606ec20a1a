package dev.versiond.daemon.source;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.tree.SpecTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of one commit (or of one directory of it), listed once from the tree objects and read
 * blob by blob from the object database. Nothing is checked out, and nothing is cached: the blob
 * id is handed out as the content id so the spec loader can cache parses across commits.
 */
final class CommitTree implements SpecTree {
    private final Repository repository;
    private final Map<String, ObjectId> blobs;
    private final List<String> paths;
    private final List<String> symlinks;
    private final long maxFileBytes;
    private final String description;

    private CommitTree(Repository repository, Map<String, ObjectId> blobs, List<String> symlinks,
            long maxFileBytes, String description) {
        this.repository = repository;
        this.blobs = Map.copyOf(blobs);
        List<String> sorted = new ArrayList<>(blobs.keySet());
        Collections.sort(sorted);
        this.paths = List.copyOf(sorted);
        List<String> links = new ArrayList<>(symlinks);
        Collections.sort(links);
        this.symlinks = List.copyOf(links);
        this.maxFileBytes = maxFileBytes;
        this.description = description;
    }

    /**
     * Lists {@code root} recursively: regular and executable files become paths, symbolic links are
     * reported, submodules (gitlinks) are skipped since their content is not in this repository.
     */
    static CommitTree list(Repository repository, RevTree root, long maxFileBytes, String description)
            throws IOException {
        Map<String, ObjectId> blobs = new HashMap<>();
        List<String> symlinks = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(root);
            walk.setRecursive(true);
            while (walk.next()) {
                int mode = walk.getRawMode(0);
                String path = walk.getPathString();
                if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
                    blobs.put(path, walk.getObjectId(0));
                } else if (FileMode.SYMLINK.equals(mode)) {
                    symlinks.add(path);
                }
            }
        }
        return new CommitTree(repository, blobs, symlinks, maxFileBytes, description);
    }

    @Override
    public List<String> paths() {
        return paths;
    }

    @Override
    public byte[] read(String path) {
        ObjectId id = blobs.get(path);
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
                    "cannot read " + path + " in " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> contentId(String path) {
        return Optional.ofNullable(blobs.get(path)).map(ObjectId::name);
    }

    @Override
    public List<String> symlinks() {
        return symlinks;
    }

    @Override
    public String describe() {
        return description;
    }
}
