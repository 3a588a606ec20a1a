package dev.versiond.daemon.source;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.tree.SpecTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Source} backed by a bare JGit mirror at {@code <stateDir>/mirror.git}.
 *
 * <p>The mirror holds one ref of its own, {@code refs/versiond/remote}: the configured ref as last
 * fetched (for an annotated tag, the tag object). A poll asks the remote for the configured ref
 * alone ({@link RefLister}: protocol v2 {@code ls-refs} with a ref prefix, one round trip; for a
 * repository on this machine a read of its ref), compares it with that, and fetches only that ref,
 * with full history and no tags, when they differ. Fetched objects are checked (like
 * {@code transfer.fsckObjects}) and held to the {@link FetchLimits}.
 *
 * <p>The ref may be a branch ({@code main}), a tag ({@code v1.2.0}) or a full ref name. A short name
 * that is both a branch and a tag resolves to the branch, unlike {@code git rev-parse}: an agent
 * configured to follow a branch must not jump to a tag someone happened to give the same name.
 *
 * <p>Not thread-safe (see {@link Source}).
 */
public final class JGitSource implements Source {
    /** The mirror's directory under the state directory. */
    public static final String MIRROR_DIRECTORY = "mirror.git";

    /** Where the mirror keeps the fetched ref; not a branch, so nothing else moves it. */
    static final String TRACKING_REF = "refs/versiond/remote";

    /** The SSH client's home under the state directory, so that nothing resolves to the user's {@code ~/.ssh}. */
    static final String SSH_HOME = "ssh";

    /** Each fetch adds a pack; past this many, repack so reads stay fast. */
    private static final int PACKS_BEFORE_GC = 32;

    private static final Logger LOG = LoggerFactory.getLogger(JGitSource.class);
    /** Bytes of pack windows, and of delta bases, JGit keeps on the heap (its default is 10 MiB each). */
    static final long CACHE_BYTES = 1L << 20;

    static {
        // JGit measures each file system's timestamp resolution once per user (seconds of sleeping
        // writes) and caches it in ~/.config/jgit; measured in the foreground, that stalls the first
        // poll on a fresh host. In the background it uses a safe fallback until it knows.
        FS.FileStoreAttributes.setBackground(true);
        // JGit caches pack windows and delta bases on the heap, softly reachable, 10 MiB each by
        // default: filled by the reads of a fetch over a large repository and kept by collections
        // that are not short of memory, they made the idle heap grow with the repository. The agent
        // reads its host's share and the targets of each commit, a few hundred objects, so 1 MiB
        // each holds all of it; pack reads beyond are re-read from the page cache.
        WindowCacheConfig cache = new WindowCacheConfig();
        cache.setPackedGitLimit(CACHE_BYTES);
        cache.setDeltaBaseCacheLimit((int) CACHE_BYTES);
        cache.install();
    }


    private final RemoteUrl remote;
    private final String ref;
    private final Repository repository;
    private final Clock clock;
    private final SourceOptions options;
    private final Path sshHome;
    private final CommitSignatures signatures;
    private final RefLister refs;
    private Optional<SshConnections> ssh = Optional.empty();
    private PollTimes lastPoll = PollTimes.NONE;
    /** The commit the last poll found, as read from the mirror: a poll that finds it again reads no object. */
    private Optional<Commit> lastCommit = Optional.empty();

    private JGitSource(RemoteUrl remote, String ref, Repository repository, Clock clock, SourceOptions options,
                       Path sshHome) {
        this.remote = remote;
        this.ref = ref;
        this.repository = repository;
        this.clock = clock;
        this.options = options;
        this.sshHome = sshHome;
        this.signatures = new CommitSignatures(options.signatures(), repository);
        this.refs = LocalRefLister.forRemote(remote).<RefLister>map(local -> local)
                .orElseGet(() -> new TransportRefLister(this::openTransport, this::failure));
    }

    /** Opens (creating it if needed) the mirror of {@code url} with {@link SourceOptions#defaults()}. */
    public static JGitSource open(String url, String ref, Path stateDir, Clock clock) {
        return open(url, ref, stateDir, clock, SourceOptions.defaults());
    }

    /**
     * Opens (creating it if needed) the mirror of {@code url}. Nothing is fetched until {@link #poll()}.
     *
     * @param url {@code file://}, {@code https://}, {@code ssh://}, {@code git://}, scp-like
     *     {@code user@host:path}, or the path of a local repository (bare or not)
     * @param ref a branch, a tag, or a full ref name
     * @param stateDir the agent's state directory; the mirror is {@value #MIRROR_DIRECTORY} in it.
     *     The caller owns the directory (holds its OS lock), so any Git lock file found in the mirror
     *     was left by a process that died mid-fetch and is removed.
     * @throws VersiondException {@code CONFIG} for an invalid ref name, {@code STATE} if the mirror
     *     cannot be created or opened
     */
    public static JGitSource open(String url, String ref, Path stateDir, Clock clock, SourceOptions options) {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        String checkedRef = checkRef(ref);
        RemoteUrl remote = RemoteUrl.of(url);
        Path directory = stateDir.resolve(MIRROR_DIRECTORY);
        return new JGitSource(remote, checkedRef, openMirror(directory, remote), clock, options,
                stateDir.resolve(SSH_HOME));
    }

    /**
     * Git marks a ref or file being rewritten with a {@code .lock} file beside it; a process killed
     * in the middle leaves it behind and every later fetch then fails with LOCK_FAILURE. Only the
     * owner of the state directory opens the mirror, so a lock file found now is always stale.
     */
    private static void removeStaleLocks(Path mirror) throws IOException {
        try (var files = Files.walk(mirror)) {
            for (Path lock : files.filter(p -> p.getFileName().toString().endsWith(".lock")
                    && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.deleteIfExists(lock);
            }
        }
    }

    private static String checkRef(String ref) {
        Objects.requireNonNull(ref, "ref");
        String name = ref.strip();
        boolean valid = name.equals(Constants.HEAD)
                || Repository.isValidRefName(name.startsWith(Constants.R_REFS) ? name : Constants.R_HEADS + name);
        if (!valid) {
            throw new VersiondException(ErrorCode.CONFIG, "source ref '" + ref + "' is not a valid Git ref name");
        }
        return name;
    }

    private static Repository openMirror(Path directory, RemoteUrl remote) {
        try {
            Repository repository;
            if (Files.exists(directory.resolve("HEAD"))) {
                removeStaleLocks(directory);
                repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
            } else {
                Files.createDirectories(directory);
                try (Git git = Git.init().setBare(true).setGitDir(directory.toFile()).call()) {
                    repository = git.getRepository();
                    repository.incrementOpen();
                }
            }
            if (!repository.getObjectDatabase().getShallowCommits().isEmpty()) {
                repository.close();
                throw new VersiondException(ErrorCode.STATE, "the Git mirror " + directory
                        + " is shallow, so ancestry cannot be checked; delete it and it will be fetched in full");
            }
            configure(repository, remote);
            return repository;
        } catch (VersiondException e) {
            throw e;
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw new VersiondException(ErrorCode.STATE,
                    "cannot open the Git mirror " + directory + ": "
                            + (e instanceof IOException io ? IoReason.of(io) : e.getMessage()), e);
        }
    }

    /**
     * Records the remote in the mirror's config for an operator's {@code git -C mirror.git fetch}
     * (the agent itself always uses the configured URL, which is never written to disk with
     * credentials), and turns off JGit's automatic gc after a fetch and its background thread: it
     * would repack while a pass reads the mirror. {@link #repackIfFragmented()} repacks inside the
     * poll instead, between reads, so the packs it replaces can go at once (JGit would otherwise
     * keep them for an hour).
     */
    private static void configure(Repository repository, RemoteUrl remote) throws IOException {
        StoredConfig config = repository.getConfig();
        String before = config.toText();
        config.setString("remote", "origin", "url", remote.display());
        config.setInt("gc", null, "auto", 0);
        config.setInt("gc", null, "autoPackLimit", 0);
        config.setBoolean("gc", null, "autoDetach", false);
        config.setString("gc", null, "prunePackExpire", "now");
        if (!config.toText().equals(before)) {
            config.save();
        }
    }

    @Override
    public Commit poll() {
        Instant askedAt = clock.instant();
        lastPoll = PollTimes.NONE;
        try {
            long started = System.nanoTime();
            ListedRef advertised = lsRemote();
            Duration lsRemote = Duration.ofNanos(System.nanoTime() - started);
            lastPoll = new PollTimes(lsRemote, Duration.ZERO);
            Ref local = repository.exactRef(TRACKING_REF);
            boolean fetch = local == null || !advertised.objectId().equals(local.getObjectId().name());
            if (fetch) {
                long fetchStarted = System.nanoTime();
                try (Transport transport = openTransport()) {
                    fetch(transport, advertised.name());
                } finally {
                    lastPoll = new PollTimes(lsRemote, Duration.ofNanos(System.nanoTime() - fetchStarted));
                }
            }
            return commit(advertised.name(), askedAt, fetch);
        } catch (IOException e) {
            throw failure("poll of " + ref, e);
        }
    }

    @Override
    public PollTimes lastPollTimes() {
        return lastPoll;
    }

    /**
     * Lists the remote's refs by name, at a cost that follows the names asked for, not the number of
     * refs on the remote (see {@link RefLister}); the poll asks this for the configured ref.
     */
    public List<ListedRef> listRefs(java.util.Collection<String> names) {
        return refs.list(names);
    }

    private Transport openTransport() {
        try {
            URIish uri = new URIish(remote.uri());
            Transport transport = GitDaemonTransport.handles(uri)
                    ? new GitDaemonTransport(repository, uri) : Transport.open(repository, uri);
            if (transport instanceof SshTransport sshTransport) {
                SshConnections connections = sshConnections();
                connections.forgetRefusal();
                sshTransport.setSshSessionFactory(connections.factory());
            }
            if (transport instanceof TransportHttp && options.credentials().httpsTokenFile().isPresent()) {
                transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                        options.credentials().httpsUser(), readToken(options.credentials().httpsTokenFile().get())));
            }
            transport.setTimeout((int) options.timeout().getSeconds());
            transport.setTagOpt(TagOpt.NO_TAGS);
            transport.setRemoveDeletedRefs(false);
            return transport;
        } catch (Exception e) {
            throw failure("opening the transport", e);
        }
    }

    private SshConnections sshConnections() {
        if (ssh.isEmpty()) {
            ssh = Optional.of(SshConnections.of(options.credentials(), sshHome, remote.display()));
        }
        return ssh.get();
    }

    /** Read at every poll, so a rotated token is used without a restart; never logged, never in a message. */
    private static char[] readToken(Path file) {
        String token;
        try {
            token = Files.readString(file).strip();
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.CONFIG, "cannot read the https-token-file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        if (token.isEmpty()) {
            throw new VersiondException(ErrorCode.CONFIG, "the https-token-file " + file + " is empty");
        }
        return token.toCharArray();
    }

    /** One round trip (none for a local repository): the configured ref, a branch before a tag. */
    private ListedRef lsRemote() {
        List<String> candidates = candidates();
        Map<String, ListedRef> found = new java.util.HashMap<>();
        for (ListedRef listed : refs.list(candidates)) {
            found.put(listed.name(), listed);
        }
        for (String candidate : candidates) {
            ListedRef listed = found.get(candidate);
            if (listed != null) {
                return listed;
            }
        }
        throw new VersiondException(ErrorCode.SOURCE, "ref '" + ref + "' not found on " + remote.display());
    }

    /** The full names the configured ref may mean, most wanted first (a branch before a tag). */
    private List<String> candidates() {
        if (ref.startsWith(Constants.R_REFS) || ref.equals(Constants.HEAD)) {
            return List.of(ref);
        }
        return List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref);
    }

    private void fetch(Transport transport, String remoteRef) {
        FetchResult result;
        FetchBudget budget = new FetchBudget(options.fetchLimits(), remote.display(), System::nanoTime);
        transport.setObjectChecker(budget);
        try {
            result = transport.fetch(NullProgressMonitor.INSTANCE,
                    List.of(new RefSpec("+" + remoteRef + ":" + TRACKING_REF)));
        } catch (Exception e) {
            throw budget.exceeded().<VersiondException>map(exceeded -> exceeded)
                    .orElseGet(() -> failure("fetch of " + remoteRef, e));
        }
        TrackingRefUpdate update = result.getTrackingRefUpdate(TRACKING_REF);
        if (update != null) {
            RefUpdate.Result outcome = update.getResult();
            boolean moved = outcome == RefUpdate.Result.NEW || outcome == RefUpdate.Result.FAST_FORWARD
                    || outcome == RefUpdate.Result.FORCED || outcome == RefUpdate.Result.NO_CHANGE;
            if (!moved) {
                throw new VersiondException(ErrorCode.SOURCE, "fetch of " + remoteRef + " failed for "
                        + remote.display() + ": the mirror's ref could not be updated (" + outcome + ")");
            }
        }
        repackIfFragmented();
    }

    private Commit commit(String resolvedRef, Instant askedAt, boolean fetched) throws IOException {
        Ref local = repository.exactRef(TRACKING_REF);
        if (local == null) {
            throw new VersiondException(ErrorCode.SOURCE,
                    "fetch of " + resolvedRef + " failed for " + remote.display() + ": nothing was fetched");
        }
        Optional<Commit> known = lastCommit.filter(c -> c.id().equals(local.getObjectId().name()));
        if (known.isPresent()) {
            Commit c = known.get();
            return new Commit(c.id(), resolvedRef, c.committedAt(), c.author(), c.committer(), c.message(), askedAt,
                    fetched, Optional.empty());
        }
        try (RevWalk walk = new RevWalk(repository)) {
            Commit read = toCommit(walk.parseCommit(local.getObjectId()), resolvedRef, askedAt, fetched);
            lastCommit = Optional.of(read);
            return read;
        } catch (IncorrectObjectTypeException e) {
            throw new VersiondException(ErrorCode.SOURCE,
                    "ref '" + resolvedRef + "' on " + remote.display() + " does not point to a commit");
        }
    }

    private static Commit toCommit(RevCommit commit, String resolvedRef, Instant askedAt, boolean fetched) {
        PersonIdent author = commit.getAuthorIdent();
        PersonIdent committer = commit.getCommitterIdent();
        return new Commit(commit.name(), resolvedRef, committer.getWhenAsInstant(), person(author),
                person(committer), commit.getShortMessage(), askedAt, fetched, Optional.empty());
    }

    /**
     * The first-parent history of {@code head} in the mirror, newest first: each commit's successor
     * in the list is its first parent. It stops after the first commit made before {@code since}
     * (kept, as the state the first listed change is compared with), or at the root.
     */
    public List<Commit> firstParentLog(Commit head, Optional<Instant> since) {
        List<Commit> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(commitId(head.id())));
            Instant now = clock.instant();
            for (RevCommit c : walk) {
                Commit commit = toCommit(c, head.ref(), now, false);
                out.add(commit);
                if (since.isPresent() && commit.committedAt().isBefore(since.get())) {
                    break;
                }
            }
            return out;
        } catch (IOException e) {
            throw failure("reading the history of " + head.shortId(), e);
        }
    }

    private static String person(PersonIdent ident) {
        return ident.getName() + " <" + ident.getEmailAddress() + ">";
    }

    /** Housekeeping, never a reason to fail a poll: a failed repack leaves the packs as they were. */
    private void repackIfFragmented() {
        Path packs = repository.getDirectory().toPath().resolve("objects").resolve("pack");
        long count;
        try (Stream<Path> files = Files.list(packs)) {
            count = files.filter(file -> file.getFileName().toString().endsWith(".pack")).count();
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        if (count <= PACKS_BEFORE_GC) {
            return;
        }
        try (Git git = Git.wrap(repository)) {
            git.gc().call();
            LOG.info("repacked the Git mirror {} ({} packs)", repository.getDirectory(), count);
        } catch (GitAPIException | RuntimeException e) {
            LOG.warn("could not repack the Git mirror {}: {}", repository.getDirectory(), e.getMessage());
        }
    }

    @Override
    public SpecTree tree(Commit commit, String subPath) {
        Objects.requireNonNull(commit, "commit");
        String directory = normaliseSubPath(subPath);
        String description = "commit " + commit.shortId() + " (" + commit.ref() + ")"
                + (directory.isEmpty() ? "" : " path " + directory);
        try (RevWalk walk = new RevWalk(repository)) {
            RevTree root = walk.parseCommit(ObjectId.fromString(commit.id())).getTree();
            if (!directory.isEmpty()) {
                root = subTree(walk, root, directory, description);
            }
            return CommitTree.list(repository, root, options.maxFileBytes(), description);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw new VersiondException(ErrorCode.SOURCE, "commit " + commit.id()
                    + " is not in the mirror of " + remote.display(), e);
        } catch (IOException e) {
            throw failure("reading the tree of " + commit.shortId(), e);
        }
    }

    private RevTree subTree(RevWalk walk, RevTree root, String directory, String description) throws IOException {
        try (TreeWalk entry = TreeWalk.forPath(repository, directory, root)) {
            if (entry == null || entry.getFileMode(0).getObjectType() != Constants.OBJ_TREE) {
                throw new VersiondException(ErrorCode.SPEC_INVALID, "no directory " + directory + " in " + description);
            }
            return walk.parseTree(entry.getObjectId(0));
        }
    }

    /** {@code "/deploy/prod/"} → {@code "deploy/prod"}; {@code "."} and {@code ""} → the root. */
    static String normaliseSubPath(String subPath) {
        if (subPath == null) {
            return "";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : subPath.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new VersiondException(ErrorCode.CONFIG, "source path must not contain '..': " + subPath);
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    @Override
    public boolean isDescendant(String commit, String ancestor) {
        ObjectId descendantId = commitId(commit);
        ObjectId ancestorId = commitId(ancestor);
        try (RevWalk walk = new RevWalk(repository)) {
            Optional<RevCommit> descendant = find(walk, descendantId);
            Optional<RevCommit> older = find(walk, ancestorId);
            if (descendant.isEmpty() || older.isEmpty()) {
                return false;
            }
            return walk.isMergedInto(older.get(), descendant.get());
        } catch (IOException e) {
            throw failure("ancestry check of " + commit, e);
        }
    }

    @Override
    public Optional<String> verify(String commit, String resolvedRef, Optional<String> lastApplied) {
        Objects.requireNonNull(resolvedRef, "resolvedRef");
        Objects.requireNonNull(lastApplied, "lastApplied");
        ObjectId id = commitId(commit);
        try {
            Optional<ObjectId> tag = Optional.empty();
            if (resolvedRef.startsWith(Constants.R_TAGS)) {
                Ref local = repository.exactRef(TRACKING_REF);
                tag = Optional.ofNullable(local).map(Ref::getObjectId);
            }
            return signatures.verify(id, tag, lastApplied, clock.instant());
        } catch (IOException e) {
            throw failure("signature check of " + commit, e);
        }
    }

    @Override
    public Optional<Instant> commitTime(String commit) {
        ObjectId id = commitId(commit);
        try (RevWalk walk = new RevWalk(repository)) {
            return find(walk, id).map(found -> found.getCommitterIdent().getWhenAsInstant());
        } catch (IOException e) {
            throw failure("reading commit " + commit, e);
        }
    }

    private static ObjectId commitId(String commit) {
        Objects.requireNonNull(commit, "commit");
        if (!ObjectId.isId(commit)) {
            throw new IllegalArgumentException("not a 40-hex commit id: " + commit);
        }
        return ObjectId.fromString(commit);
    }

    private Optional<RevCommit> find(RevWalk walk, ObjectId id) throws IOException {
        if (!repository.getObjectDatabase().has(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(walk.parseCommit(id));
        } catch (IncorrectObjectTypeException | MissingObjectException e) {
            return Optional.empty();
        }
    }

    /** The URL the mirror follows, without credentials. */
    public String remoteUrl() {
        return remote.display();
    }

    /**
     * Closes the mirror's packs: JGit keeps each pack's index on the heap once an object was read
     * from it, about 28 bytes per object of the repository, the largest thing the idle agent would
     * keep that grows with the repository and not with its host's share. The next read opens them
     * again; a poll that finds the ref where it was reads none (the commit is remembered, and the
     * pass reuses the tree it listed).
     */
    @Override
    public void release() {
        repository.getObjectDatabase().close();
    }

    @Override
    public void close() {
        try {
            ssh.ifPresent(SshConnections::close);
            if (refs instanceof LocalRefLister local) {
                local.close();
            }
        } finally {
            repository.close();
        }
    }

    /** The one place a library failure becomes a {@code SOURCE} error; the message is safe to print. */
    private VersiondException failure(String what, Throwable cause) {
        if (cause instanceof VersiondException known) {
            return known;
        }
        Optional<String> hostKey = ssh.flatMap(SshConnections::lastHostKeyRefusal);
        if (hostKey.isPresent()) {
            return new VersiondException(ErrorCode.SOURCE, "host key check failed for " + remote.display() + ": "
                    + hostKey.get(), RemoteFailure.of(cause, remote));
        }
        // One line: sshd explains a refused login over several ("publickey: server refused …").
        String reason = reason(cause).replace("\r", "").replace("\n", "; ");
        if (isAuthentication(reason)) {
            return new VersiondException(ErrorCode.SOURCE, "authentication failed for " + remote.display() + ": "
                    + reason + " (" + what + ")", RemoteFailure.of(cause, remote));
        }
        return new VersiondException(ErrorCode.SOURCE,
                what + " failed for " + remote.display() + ": " + reason, RemoteFailure.of(cause, remote));
    }

    /** JGit's HTTP and SSH transports say it in several ways; these are the ones they use. */
    private static boolean isAuthentication(String reason) {
        String lower = reason.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("not authorized") || lower.contains("authentication") || lower.contains("auth fail")
                || lower.contains("cannot log in") || lower.contains("no more authentication methods")
                || lower.contains("401") || lower.contains("403 forbidden");
    }

    /**
     * The cause's message without the URL JGit likes to prefix it with, plus the innermost cause
     * when that says more ("connection failed (Connection refused)").
     */
    private String reason(Throwable cause) {
        String message = remote.scrub(cause.getMessage());
        String prefix = remote.display() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        if (message.isBlank()) {
            message = cause.getClass().getSimpleName();
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + " (" + remote.scrub(root.getMessage()) + ")";
        }
        return message;
    }
}
