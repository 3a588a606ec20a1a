package dev.versiond.daemon.source;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.File;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefDatabase;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * Lists the refs of a repository on this machine ({@code file://} or a plain path) by reading its
 * ref database, as {@code git ls-remote} would learn them but without starting an upload-pack: a
 * no-change poll is one {@code stat} of the ref (and of {@code packed-refs}, re-read only when it
 * changed), whatever else the repository holds.
 *
 * <p>The repository is opened on first use and kept open, so its parsed {@code packed-refs} is
 * reused between polls; a repository that is not there yet is looked for again at the next poll.
 */
final class LocalRefLister implements RefLister, AutoCloseable {
    private final File directory;
    private final RemoteUrl remote;
    private Repository repository;

    private LocalRefLister(File directory, RemoteUrl remote) {
        this.directory = directory;
        this.remote = remote;
    }

    /** A lister for {@code remote} if it names a repository on this machine. */
    static Optional<LocalRefLister> forRemote(RemoteUrl remote) {
        try {
            URIish uri = new URIish(remote.uri());
            if (!"file".equals(uri.getScheme()) || uri.getPath() == null) {
                return Optional.empty();
            }
            return Optional.of(new LocalRefLister(new File(uri.getPath()), remote));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized List<ListedRef> list(Collection<String> names) {
        try {
            RefDatabase refs = open().getRefDatabase();
            TreeMap<String, ListedRef> found = new TreeMap<>();
            for (String name : names) {
                for (Ref ref : matching(refs, name)) {
                    if (ref.getObjectId() != null) {
                        found.put(ref.getName(), new ListedRef(ref.getName(), ref.getObjectId().name()));
                    }
                }
            }
            return List.copyOf(found.values());
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SOURCE, "ls-remote failed for " + remote.display() + ": "
                    + IoReason.of(e), RemoteFailure.of(e, remote));
        }
    }

    /** A namespace ({@code .../}) is listed; a name is looked up alone, without reading its siblings. */
    private static List<Ref> matching(RefDatabase refs, String name) throws IOException {
        if (name.endsWith("/")) {
            return refs.getRefsByPrefix(name);
        }
        Ref ref = refs.exactRef(name);
        return ref == null ? List.of() : List.of(ref);
    }

    private Repository open() throws IOException {
        if (repository == null) {
            File gitDir = RepositoryCache.FileKey.resolve(directory, FS.DETECTED);
            if (gitDir == null) {
                throw new org.eclipse.jgit.errors.RepositoryNotFoundException(directory);
            }
            repository = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
        }
        return repository;
    }

    @Override
    public synchronized void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
