package dev.versiond.daemon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A real Git repository with a working tree, for tests that need a desired-state repository that
 * changes: write files, commit, tag, revert, rewrite history. Ids are returned as hex strings, so
 * tests need no JGit types.
 *
 * <p>{@link #commit} and {@link #commitUnrelated} commit as "Test Author &lt;author@example.org&gt;"
 * at a fixed time that advances one minute per commit from {@link #FIRST_COMMIT_TIME}, so their ids
 * and times are reproducible ({@link #revert} commits at the current time). The branch is
 * {@code main}. Nothing is signed, whatever the machine's Git configuration says, unless a test
 * signs the head commit with {@link #signHead}.
 */
public final class GitFixture implements AutoCloseable {
    /** The time of the first commit. */
    public static final Instant FIRST_COMMIT_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private static final String NAME = "Test Author";
    private static final String EMAIL = "author@example.org";

    private final Git git;
    private final Path directory;
    private int commits;

    private GitFixture(Git git, Path directory) {
        this.git = git;
        this.directory = directory;
    }

    /** Creates an empty repository (branch {@code main}) in {@code directory}, which may exist. */
    public static GitFixture init(Path directory) {
        try {
            Files.createDirectories(directory);
            Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call();
            StoredConfig config = git.getRepository().getConfig();
            config.setString("user", null, "name", NAME);
            config.setString("user", null, "email", EMAIL);
            config.setBoolean("commit", null, "gpgsign", false);
            config.setBoolean("tag", null, "gpgsign", false);
            config.save();
            return new GitFixture(git, directory.toAbsolutePath().normalize());
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot create a Git repository in " + directory, e);
        }
    }

    /** The working tree. */
    public Path directory() {
        return directory;
    }

    /** The {@code .git} directory, e.g. to serve it. */
    public Path gitDirectory() {
        return git.getRepository().getDirectory().toPath();
    }

    /** A {@code file:} URL of the repository. */
    public String url() {
        return directory.toUri().toString();
    }

    /** Writes a UTF-8 file (creating directories), to be included by the next {@link #commit}. */
    public GitFixture write(String path, String text) {
        return write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file of bytes (creating directories), to be included by the next {@link #commit}. */
    public GitFixture write(String path, byte[] bytes) {
        Path file = file(path);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Creates a symbolic link at {@code path} pointing at {@code target} (committed as a link). */
    public GitFixture symlink(String path, String target) {
        Path link = file(path);
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Deletes a file or a whole directory from the working tree. */
    public GitFixture delete(String path) {
        deleteRecursively(file(path));
        return this;
    }

    /**
     * Copies a directory's contents (e.g. {@code examples/fleet}) into {@code into} ({@code ""} for
     * the root), leaving out any {@code .git}; links are copied as links.
     */
    public GitFixture copy(Path source, String into) {
        Path target = into.isEmpty() ? directory : file(into);
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.getFileName() != null && dir.getFileName().toString().equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Stages every change (new, modified, deleted) and commits it; returns the commit id. */
    public String commit(String message) {
        try {
            git.add().addFilepattern(".").setAll(true).call();
            PersonIdent ident = nextIdent();
            RevCommit commit = git.commit().setMessage(message).setAuthor(ident).setCommitter(ident)
                    .setSign(false).setAllowEmpty(true).call();
            return commit.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException("commit failed in " + directory, e);
        }
    }

    /**
     * Commits everything like {@link #commit}, but at the wall clock's time rather than the
     * fixture's fixed clock: for rollout waves that count real time from the commit.
     */
    public String commitNow(String message) {
        try {
            git.add().addFilepattern(".").setAll(true).call();
            PersonIdent ident = new PersonIdent(NAME, EMAIL, Instant.now(), java.time.ZoneOffset.UTC);
            commits++;
            return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false)
                    .setAllowEmpty(true).call().name();
        } catch (GitAPIException e) {
            throw new IllegalStateException("commit failed in " + directory, e);
        }
    }

    /** Commits the inverse of {@code commitId} on top of the branch; returns the new commit id. */
    public String revert(String commitId) {
        try {
            RevCommit reverted = git.revert().include(ObjectId.fromString(commitId)).call();
            if (reverted == null) {
                throw new IllegalStateException("revert of " + commitId + " did not apply cleanly");
            }
            commits++;
            return reverted.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException("revert of " + commitId + " failed", e);
        }
    }

    /** Moves the branch and the working tree to {@code commitId}, as a force-push to an older commit would. */
    public GitFixture resetHard(String commitId) {
        try {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commitId).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("reset to " + commitId + " failed", e);
        }
        return this;
    }

    /**
     * Rewrites history: commits the working tree as a new root commit (no parent) and moves the
     * branch to it, as a force-push of an unrelated history would. Returns the new commit id.
     */
    public String commitUnrelated(String message) {
        Repository repository = git.getRepository();
        try {
            git.add().addFilepattern(".").setAll(true).call();
            DirCache index = repository.readDirCache();
            try (ObjectInserter inserter = repository.newObjectInserter()) {
                CommitBuilder builder = new CommitBuilder();
                builder.setTreeId(index.writeTree(inserter));
                PersonIdent ident = nextIdent();
                builder.setAuthor(ident);
                builder.setCommitter(ident);
                builder.setMessage(message);
                ObjectId id = inserter.insert(builder);
                inserter.flush();
                return moveHead(id);
            }
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("unrelated commit failed in " + directory, e);
        }
    }

    /** A lightweight tag on the current commit. */
    public GitFixture tag(String name) {
        try {
            git.tag().setName(name).setAnnotated(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("tag " + name + " failed", e);
        }
        return this;
    }

    /** An annotated (unsigned) tag on the current commit. */
    public GitFixture annotatedTag(String name, String message) {
        try {
            git.tag().setName(name).setAnnotated(true).setMessage(message).setTagger(nextIdent())
                    .setSigned(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("tag " + name + " failed", e);
        }
        return this;
    }

    /**
     * Replaces the commit the branch points at with a signed copy (same tree, parents, author,
     * committer and message), as {@code git commit -S} would have made it; returns the new id.
     *
     * @param signer given the commit as it is signed (its raw bytes without a signature), returns the
     *     armored signature ({@code -----BEGIN PGP SIGNATURE-----} or {@code -----BEGIN SSH SIGNATURE-----})
     */
    public String signHead(Function<byte[], String> signer) {
        return rewriteHead(builder -> {
            try {
                builder.setGpgSignature(new GpgSignature(signer.apply(builder.build())
                        .getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Replaces the head commit with a copy carrying {@code signature} verbatim, whatever it was made over. */
    public String signHeadWith(String signature) {
        return rewriteHead(builder -> builder.setGpgSignature(new GpgSignature(signature.getBytes(StandardCharsets.US_ASCII))));
    }

    /** The armored signature of a commit, if it has one. */
    public Optional<String> signature(String commitId) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            byte[] raw = walk.parseCommit(ObjectId.fromString(commitId)).getRawGpgSignature();
            return Optional.ofNullable(raw).map(b -> new String(b, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An annotated tag on the head commit, signed by {@code signer} over the tag's bytes (as {@code git tag -s}). */
    public GitFixture signedTag(String name, String message, Function<byte[], String> signer) {
        Repository repository = git.getRepository();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            TagBuilder tag = new TagBuilder();
            tag.setObjectId(repository.resolve(Constants.HEAD), Constants.OBJ_COMMIT);
            tag.setTag(name);
            tag.setTagger(nextIdent());
            tag.setMessage(message.endsWith("\n") ? message : message + "\n");
            String signature = signer.apply(tag.build());
            tag.setGpgSignature(new GpgSignature(signature.getBytes(StandardCharsets.US_ASCII)));
            ObjectId id = inserter.insert(tag);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_TAGS + name);
            update.setNewObjectId(id);
            update.setForceUpdate(true);
            update.forceUpdate();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rewriteHead(java.util.function.Consumer<CommitBuilder> sign) {
        Repository repository = git.getRepository();
        try (RevWalk walk = new RevWalk(repository); ObjectInserter inserter = repository.newObjectInserter()) {
            RevCommit head = walk.parseCommit(repository.resolve(Constants.HEAD));
            CommitBuilder builder = new CommitBuilder();
            builder.setTreeId(head.getTree());
            builder.setParentIds(head.getParents());
            builder.setAuthor(head.getAuthorIdent());
            builder.setCommitter(head.getCommitterIdent());
            builder.setEncoding(head.getEncoding());
            builder.setMessage(head.getFullMessage());
            sign.accept(builder);
            ObjectId id = inserter.insert(builder);
            inserter.flush();
            return moveHead(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commit the branch points at. */
    public String head() {
        try {
            ObjectId head = git.getRepository().resolve(Constants.HEAD);
            if (head == null) {
                throw new IllegalStateException("no commit yet in " + directory);
            }
            return head.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committer time a commit made by this fixture got. */
    public Instant commitTime(String commitId) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.parseCommit(ObjectId.fromString(commitId)).getCommitterIdent().getWhenAsInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }

    private PersonIdent nextIdent() {
        Instant when = FIRST_COMMIT_TIME.plus(Duration.ofMinutes(commits++));
        return new PersonIdent(NAME, EMAIL, when, ZoneOffset.UTC);
    }

    private Path file(String path) {
        Path file = directory.resolve(path).normalize();
        if (!file.startsWith(directory)) {
            throw new IllegalArgumentException("path outside the repository: " + path);
        }
        return file;
    }

    private static void deleteRecursively(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try (var children = Files.list(path)) {
                    children.forEach(GitFixture::deleteRecursively);
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points HEAD (and so the branch) at {@code id}, whatever it pointed at before; returns the id. */
    private String moveHead(ObjectId id) throws IOException {
        RefUpdate update = git.getRepository().updateRef(Constants.HEAD);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.forceUpdate();
        if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NEW) {
            throw new IllegalStateException("could not move HEAD to " + id.name() + ": " + result);
        }
        return id.name();
    }
}
