package dev.versiond.daemon.source;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.lib.Signers;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The status repository as the fleet code sees it, with JGit kept in this package: list refs by
 * prefix in one round trip (protocol v2 {@code ls-refs} with {@code ref-prefix}), fetch a few refs,
 * read one file of a commit, write a one-file commit (signed with an SSH key when one is given) and
 * push a set of ref updates in one push. Its credentials are its own (the push credentials), apart
 * from those the desired-state source fetches with. A local bare repository under the state
 * directory ({@value #DIRECTORY}) holds the objects it writes and fetches.
 */
public final class StatusRemote implements AutoCloseable {
    public static final String DIRECTORY = "status.git";
    private static final String SSH_HOME = "status-ssh";
    /** As a {@link RefChange#expectedOld()}: the ref must not exist yet. */
    public static final String ABSENT = "0000000000000000000000000000000000000000";

    private final RemoteUrl remote;
    /** The same listing the poll uses: protocol v2 ls-refs by prefix, or the local ref database. */
    private final RefLister refs;
    private final Repository repository;
    private final Credentials credentials;
    private final int timeoutSeconds;
    private final Path sshHome;
    private final Optional<Path> signingKey;
    private Optional<SshConnections> ssh = Optional.empty();

    /** One ref of a push: set to {@code newId}, or deleted when it is empty; {@code expectedOld} empty: forced. */
    public record RefChange(String ref, Optional<String> newId, Optional<String> expectedOld) {
        public RefChange {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(newId, "newId");
            Objects.requireNonNull(expectedOld, "expectedOld");
        }
    }

    /** A push the remote refused (a ref moved under it, or it may not be written); nothing is retried here. */
    public static final class PushRefused extends VersiondException {
        private final boolean stale;

        PushRefused(String message, boolean stale) {
            super(ErrorCode.SOURCE, message);
            this.stale = stale;
        }

        /** Whether the refusal was a compare-and-swap miss: the ref moved since it was read. */
        public boolean stale() {
            return stale;
        }
    }

    private StatusRemote(RemoteUrl remote, Repository repository, Credentials credentials, int timeoutSeconds,
                         Path sshHome, Optional<Path> signingKey) {
        this.remote = remote;
        this.repository = repository;
        this.credentials = credentials;
        this.timeoutSeconds = timeoutSeconds;
        this.sshHome = sshHome;
        this.signingKey = signingKey;
        this.refs = LocalRefLister.forRemote(remote).<RefLister>map(local -> local)
                .orElseGet(() -> new TransportRefLister(this::openListingTransport, this::failure));
    }

    /**
     * Opens (creating it if needed) the local side of the status repository {@code url}.
     *
     * @param signingKey an OpenSSH private key status commits are signed with; empty: unsigned
     */
    public static StatusRemote open(String url, Path stateDir, Credentials credentials, Optional<Path> signingKey,
                                    java.time.Duration timeout) {
        RemoteUrl remote = RemoteUrl.of(url);
        Path directory = stateDir.resolve(DIRECTORY);
        try {
            Repository repository;
            if (Files.exists(directory.resolve("HEAD"))) {
                repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
            } else {
                Files.createDirectories(directory);
                try (Git git = Git.init().setBare(true).setGitDir(directory.toFile()).call()) {
                    repository = git.getRepository();
                    repository.incrementOpen();
                }
            }
            StoredConfig config = repository.getConfig();
            config.setInt("protocol", null, "version", 2);
            config.setInt("gc", null, "auto", 0);
            config.save();
            return new StatusRemote(remote, repository, credentials, (int) Math.max(1, timeout.toSeconds()),
                    stateDir.resolve(SSH_HOME), signingKey);
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new VersiondException(ErrorCode.STATE, "cannot open the status repository's local copy " + directory
                    + ": " + (e instanceof IOException io ? IoReason.of(io) : e.getMessage()), e);
        }
    }

    private Transport openListingTransport() {
        try {
            return openTransport();
        } catch (Exception e) {
            throw failure("listing status refs", e);
        }
    }

    /** Where it pushes to, without credentials. */
    public String describe() {
        return remote.display();
    }

    /**
     * The refs under {@code prefixes} and the objects they point at, in one round trip; nothing is
     * fetched ({@link RefLister}: a name ending in {@code /} stands for every ref under it, any other
     * for that ref alone). With protocol v2 the server sends only those refs; a v0 server sends all
     * and they are filtered here; a repository on this machine is read from its ref database.
     */
    public Map<String, String> listRefs(List<String> prefixes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ListedRef ref : refs.list(prefixes)) {
            out.put(ref.name(), ref.objectId());
        }
        return out;
    }

    /** Fetches {@code refs} (those that exist) into the local copy under the same names; returns where they point. */
    public Map<String, String> fetch(List<String> refs) {
        Map<String, String> listed = listRefs(refs);
        listed.keySet().removeIf(r -> !refs.contains(r));
        if (listed.isEmpty()) {
            return listed;
        }
        List<RefSpec> specs = listed.keySet().stream().map(r -> new RefSpec("+" + r + ":" + r)).toList();
        try (Transport transport = openTransport()) {
            transport.fetch(NullProgressMonitor.INSTANCE, specs);
            return listed;
        } catch (Exception e) {
            throw failure("fetching status refs", e);
        }
    }

    /** Whether the local copy holds the object {@code id}. */
    public boolean has(String id) {
        try {
            return ObjectId.isId(id) && repository.getObjectDatabase().has(ObjectId.fromString(id));
        } catch (IOException e) {
            return false;
        }
    }

    /** The file {@code path} at commit {@code id} of the local copy, if both exist. */
    public Optional<String> read(String id, String path) {
        if (!has(id)) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(id));
            return readAt(commit, path);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STATE, "cannot read " + path + " of status commit " + id + ": "
                    + IoReason.of(e), e);
        }
    }

    private Optional<String> readAt(RevCommit commit, String path) throws IOException {
        {
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                return Optional.of(new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** A status commit's metadata: who committed it, when, its parent, and its raw bytes for the signature check. */
    public record StatusCommit(String id, Optional<String> parent, String committerEmail, Instant committedAt) {
    }

    /** The commit {@code id} of the local copy. */
    public Optional<StatusCommit> commit(String id) {
        if (!has(id)) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(id));
            return Optional.of(new StatusCommit(c.name(),
                    c.getParentCount() == 0 ? Optional.empty() : Optional.of(c.getParent(0).name()),
                    c.getCommitterIdent().getEmailAddress(), c.getCommitterIdent().getWhenAsInstant()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The history of a status ref from its commit {@code id} in the local copy, newest first, each
     * commit followed by its parent: {@code git log --first-parent} of a host's ref. It ends where
     * the chain leaves the local copy (a fetch brings the whole chain, so only at the root).
     */
    public List<StatusCommit> log(String id) {
        List<StatusCommit> out = new ArrayList<>();
        Optional<StatusCommit> at = commit(id);
        while (at.isPresent()) {
            out.add(at.get());
            at = at.get().parent().flatMap(this::commit);
        }
        return out;
    }

    /**
     * The principal of the SSH key that signed commit {@code id}, checked against {@code allowedSigners}
     * (namespace {@code git}, the principal being the committer's e-mail as Git does it); empty when it
     * is unsigned or the signature does not hold.
     */
    public Optional<String> sshSigner(String id, Path allowedSigners) {
        if (!has(id)) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(id));
            byte[] signature = c.getRawGpgSignature();
            SignatureVerifier verifier = SignatureVerifiers.get(GpgConfig.GpgFormat.SSH);
            if (signature == null || verifier == null) {
                return Optional.empty();
            }
            Config config = new Config();
            config.setString("gpg", "ssh", "allowedSignersFile", allowedSigners.toAbsolutePath().toString());
            SignatureVerifier.SignatureVerification result = verifier.verify(repository, new GpgConfig(config),
                    CommitSignatures.commitPayload(c.getRawBuffer()), signature);
            if (result == null || !result.verified()) {
                return Optional.empty();
            }
            // The verifier matched the key against the principals allowed_signers lists for the
            // committer's e-mail: that e-mail is who signed.
            return Optional.of(c.getCommitterIdent().getEmailAddress());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes a commit holding the one file {@code path} with {@code content} into the local copy.
     *
     * @param parent the previous status commit, kept as the parent so the ref's log is the host's history
     * @param email the committer's e-mail, also the principal a host signature is checked against
     * @return its id
     */
    public String writeCommit(Optional<String> parent, String path, byte[] content, String message, String name,
                              String email, Instant when) {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
            TreeFormatter tree = new TreeFormatter();
            tree.append(path, FileMode.REGULAR_FILE, blob);
            ObjectId treeId = inserter.insert(tree);
            PersonIdent who = new PersonIdent(name, email, when, ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(treeId);
            parent.filter(this::has).map(ObjectId::fromString).ifPresent(commit::setParentId);
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            if (signingKey.isPresent()) {
                Signer signer = Signers.get(GpgConfig.GpgFormat.SSH);
                if (signer == null) {
                    throw new VersiondException(ErrorCode.CONFIG, "status commits cannot be signed: JGit's SSH module is missing");
                }
                Config config = new Config();
                config.setString("gpg", null, "format", "ssh");
                config.setString("user", null, "signingKey", signingKey.get().toAbsolutePath().toString());
                signer.signObject(repository, new GpgConfig(config), commit, who,
                        signingKey.get().toAbsolutePath().toString(), null);
            }
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id.name();
        } catch (VersiondException e) {
            throw e;
        } catch (IOException | RuntimeException | org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new VersiondException(ErrorCode.STATE, "cannot write a status commit: " + e.getMessage(), e);
        }
    }

    /** Pushes {@code changes} in one push; every one must be accepted, or {@link PushRefused} names the first refused. */
    public void push(List<RefChange> changes) {
        List<RemoteRefUpdate> updates = new ArrayList<>();
        try (Transport transport = openTransport()) {
            for (RefChange change : changes) {
                ObjectId expected = change.expectedOld().map(ObjectId::fromString).orElse(null);
                if (change.newId().isEmpty()) {
                    updates.add(new RemoteRefUpdate(repository, (String) null, change.ref(), true, null, expected));
                } else {
                    ObjectId id = ObjectId.fromString(change.newId().get());
                    updates.add(new RemoteRefUpdate(repository, change.ref(), id, change.ref(),
                            change.expectedOld().isEmpty(), null, expected));
                }
            }
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, updates);
            for (RemoteRefUpdate u : result.getRemoteUpdates()) {
                RemoteRefUpdate.Status s = u.getStatus();
                if (s != RemoteRefUpdate.Status.OK && s != RemoteRefUpdate.Status.UP_TO_DATE
                        && !(s == RemoteRefUpdate.Status.NON_EXISTING && u.isDelete())) {
                    boolean stale = s == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED
                            || s == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD;
                    throw new PushRefused("push of " + u.getRemoteName() + " to " + remote.display() + " refused: " + s
                            + (u.getMessage() == null ? "" : " (" + remote.scrub(u.getMessage()) + ")"), stale);
                }
            }
            for (RefChange change : changes) {
                setLocal(change);
            }
        } catch (PushRefused e) {
            throw e;
        } catch (Exception e) {
            throw failure("pushing status", e);
        }
    }

    private void setLocal(RefChange change) throws IOException {
        RefUpdate update = repository.updateRef(change.ref());
        update.setForceUpdate(true);
        if (change.newId().isEmpty()) {
            if (repository.exactRef(change.ref()) != null) {
                update.delete();
            }
        } else {
            update.setNewObjectId(ObjectId.fromString(change.newId().get()));
            update.update();
        }
    }

    private Transport openTransport() throws Exception {
        Transport transport = Transport.open(repository, new URIish(remote.uri()));
        if (transport instanceof SshTransport sshTransport) {
            if (ssh.isEmpty()) {
                ssh = Optional.of(SshConnections.of(credentials, sshHome, remote.display()));
            }
            ssh.get().forgetRefusal();
            sshTransport.setSshSessionFactory(ssh.get().factory());
        }
        if (transport instanceof TransportHttp && credentials.httpsTokenFile().isPresent()) {
            String token = Files.readString(credentials.httpsTokenFile().get()).strip();
            transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(credentials.httpsUser(),
                    token.toCharArray()));
        }
        transport.setTimeout(timeoutSeconds);
        transport.setTagOpt(TagOpt.NO_TAGS);
        transport.setRemoveDeletedRefs(false);
        return transport;
    }

    private VersiondException failure(String what, Throwable cause) {
        if (cause instanceof VersiondException known) {
            return known;
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : remote.scrub(cause.getMessage());
        return new VersiondException(ErrorCode.SOURCE, what + " failed for " + remote.display() + ": "
                + message.replace("\r", "").replace("\n", "; "), cause);
    }

    @Override
    public void close() {
        if (refs instanceof LocalRefLister local) {
            local.close();
        }
        ssh.ifPresent(SshConnections::close);
        repository.close();
    }
}
