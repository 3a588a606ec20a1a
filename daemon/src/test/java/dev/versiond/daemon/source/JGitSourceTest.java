package dev.versiond.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.tree.SpecTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source against a local repository ({@code file:} URL): what it resolves and what a tree holds. */
class JGitSourceTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path temp;

    private GitFixture repo;
    private Path stateDir;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void createRepository() {
        repo = GitFixture.init(temp.resolve("desired"));
        stateDir = temp.resolve("state");
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    private JGitSource open(String ref) {
        return JGitSource.open(repo.url(), ref, stateDir, clock);
    }

    @Test
    void pollReturnsTheBranchHeadWithItsCommitDetails() {
        repo.write("targets/web.yaml", "kind: Target\n");
        String first = repo.commit("Add the web target\n\nA longer body that is not the subject.");
        try (JGitSource source = open("main")) {
            Commit revision = source.poll();

            assertThat(revision.id()).isEqualTo(first);
            assertThat(revision.ref()).isEqualTo("refs/heads/main");
            assertThat(revision.message()).isEqualTo("Add the web target");
            assertThat(revision.author()).isEqualTo("Test Author <author@example.org>");
            assertThat(revision.committer()).isEqualTo("Test Author <author@example.org>");
            assertThat(revision.committedAt()).isEqualTo(repo.commitTime(first));
            assertThat(revision.fetchedAt()).isEqualTo(NOW);
            assertThat(revision.fetched()).isTrue();
            assertThat(stateDir.resolve("mirror.git").resolve("HEAD")).isRegularFile();
        }
    }

    @Test
    void aPlainPathToTheRepositoryWorksLikeItsFileUrl() {
        repo.write("a.yaml", "a: 1\n");
        String head = repo.commit("one");
        try (JGitSource source = JGitSource.open(repo.directory().toString(), "refs/heads/main", stateDir, clock)) {
            assertThat(source.poll().id()).isEqualTo(head);
            assertThat(source.remoteUrl()).startsWith("file:");
        }
    }

    @Test
    void theMirrorSurvivesARestartSoAnUnchangedRemoteIsNotFetchedAgain() {
        repo.write("a.yaml", "a: 1\n");
        String head = repo.commit("one");
        try (JGitSource source = open("main")) {
            assertThat(source.poll().fetched()).isTrue();
        }
        try (JGitSource reopened = open("main")) {
            Commit revision = reopened.poll();
            assertThat(revision.id()).isEqualTo(head);
            assertThat(revision.fetched()).isFalse();
        }
    }

    @Test
    void aLockFileLeftByAFetchThatWasKilledDoesNotBlockLaterFetches() throws IOException {
        repo.write("a.yaml", "a: 1\n");
        repo.commit("one");
        try (JGitSource source = open("main")) {
            source.poll();
        }
        // What a SIGKILL in the middle of updating the mirror's ref leaves behind.
        Path mirror = stateDir.resolve(JGitSource.MIRROR_DIRECTORY);
        Files.writeString(mirror.resolve("refs/versiond/remote.lock"), "0".repeat(40) + "\n");
        Files.writeString(mirror.resolve("packed-refs.lock"), "");
        repo.write("a.yaml", "a: 2\n");
        String second = repo.commit("two");

        try (JGitSource reopened = open("main")) {
            Commit revision = reopened.poll();
            assertThat(revision.id()).isEqualTo(second);
            assertThat(revision.fetched()).isTrue();
        }
        assertThat(mirror.resolve("refs/versiond/remote.lock")).doesNotExist();
        assertThat(mirror.resolve("packed-refs.lock")).doesNotExist();
    }

    @Test
    void treeListsTheCommitsFilesWithoutCheckingThemOut() throws IOException {
        repo.write("components/web/component.yaml", "kind: Component\n")
                .write("components/web/migrations/1.0.0.yaml", "kind: Migration\n")
                .write("targets/all.yaml", "kind: Target\n");
        repo.commit("initial");
        try (JGitSource source = open("main")) {
            Commit revision = source.poll();
            SpecTree tree = source.tree(revision, "");

            assertThat(tree.paths()).containsExactly("components/web/component.yaml",
                    "components/web/migrations/1.0.0.yaml", "targets/all.yaml");
            assertThat(new String(tree.read("targets/all.yaml"), StandardCharsets.UTF_8)).isEqualTo("kind: Target\n");
            assertThat(tree.describe()).isEqualTo("commit " + revision.id().substring(0, 12) + " (refs/heads/main)");
            try (Stream<Path> everything = Files.walk(stateDir)) {
                assertThat(everything.map(path -> path.getFileName().toString()))
                        .doesNotContain("component.yaml", "all.yaml", "1.0.0.yaml");
            }
        }
    }

    @Test
    void aTreeKeepsShowingItsCommitAfterTheRemoteMoves() {
        repo.write("a.yaml", "old\n");
        repo.commit("old");
        try (JGitSource source = open("main")) {
            Commit old = source.poll();
            repo.write("a.yaml", "new\n").write("b.yaml", "b\n");
            Commit current = source.poll();

            assertThat(text(source.tree(old, ""), "a.yaml")).isEqualTo("old\n");
            assertThat(source.tree(old, "").paths()).containsExactly("a.yaml");
            assertThat(current.id()).isEqualTo(old.id());
            repo.commit("new");
            Commit moved = source.poll();
            assertThat(moved.fetched()).isTrue();
            assertThat(text(source.tree(moved, ""), "a.yaml")).isEqualTo("new\n");
            assertThat(text(source.tree(old, ""), "a.yaml")).isEqualTo("old\n");
        }
    }

    @Test
    void aSubPathBecomesTheRootOfTheTree() {
        repo.write("README.md", "docs\n")
                .write("deploy/prod/targets/all.yaml", "kind: Target\n")
                .write("deploy/prod/components/db/component.yaml", "kind: Component\n");
        repo.commit("layout");
        try (JGitSource source = open("main")) {
            Commit revision = source.poll();

            SpecTree tree = source.tree(revision, "/deploy/prod/");
            assertThat(tree.paths()).containsExactly("components/db/component.yaml", "targets/all.yaml");
            assertThat(text(tree, "targets/all.yaml")).isEqualTo("kind: Target\n");
            assertThat(tree.describe()).endsWith("(refs/heads/main) path deploy/prod");
            assertThat(source.tree(revision, ".").paths()).hasSize(3);
            assertThatThrownBy(() -> source.tree(revision, "deploy/staging"))
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID))
                    .hasMessageContaining("no directory deploy/staging");
            assertThatThrownBy(() -> source.tree(revision, "README.md"))
                    .hasMessageContaining("no directory README.md");
            assertThatThrownBy(() -> source.tree(revision, "deploy/../.."))
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG));
        }
    }

    @Test
    void contentIdsAreGitBlobIdsThatStayEqualWhileTheBytesDo() {
        repo.write("same.yaml", "unchanged\n").write("edited.yaml", "v1\n");
        repo.commit("one");
        try (JGitSource source = open("main")) {
            SpecTree before = source.tree(source.poll(), "");
            repo.write("edited.yaml", "v2\n");
            repo.commit("two");
            SpecTree after = source.tree(source.poll(), "");

            assertThat(before.contentId("same.yaml")).contains(blobId("unchanged\n"));
            assertThat(after.contentId("same.yaml")).isEqualTo(before.contentId("same.yaml"));
            assertThat(after.contentId("edited.yaml")).contains(blobId("v2\n"));
            assertThat(before.contentId("edited.yaml")).contains(blobId("v1\n"));
            assertThat(after.contentId("missing.yaml")).isEmpty();
        }
    }

    @Test
    void directoryIdsChangeOnlyAboveAChangedFileAndListingsAreOneLevelDeep() {
        repo.write("components/a/component.yaml", "a\n").write("components/b/component.yaml", "b\n")
                .write("components/b/migrations/1.0.0.yaml", "v1\n").symlink("components/b/link", "component.yaml");
        repo.commit("one");
        try (JGitSource source = open("main")) {
            SpecTree before = source.tree(source.poll(), "");
            repo.write("components/b/migrations/1.0.0.yaml", "v2\n");
            repo.commit("two");
            SpecTree after = source.tree(source.poll(), "");

            assertThat(after.directoryId("components/a")).isPresent().isEqualTo(before.directoryId("components/a"));
            assertThat(after.directoryId("components/b")).isPresent().isNotEqualTo(before.directoryId("components/b"));
            assertThat(after.directoryId("")).isNotEqualTo(before.directoryId(""));
            assertThat(after.directoryId("components/a/component.yaml")).isEmpty();
            assertThat(after.directoryId("nowhere")).isEmpty();
            assertThat(after.list("components")).extracting(SpecTree.Entry::name, SpecTree.Entry::type)
                    .containsExactly(tuple("a", SpecTree.Entry.Type.DIRECTORY), tuple("b", SpecTree.Entry.Type.DIRECTORY));
            assertThat(after.list("components/b")).extracting(SpecTree.Entry::name, SpecTree.Entry::type)
                    .containsExactly(tuple("component.yaml", SpecTree.Entry.Type.FILE),
                            tuple("link", SpecTree.Entry.Type.SYMLINK),
                            tuple("migrations", SpecTree.Entry.Type.DIRECTORY));
            assertThat(after.list("components/b/migrations").get(0).id()).isEqualTo(after.contentId(
                    "components/b/migrations/1.0.0.yaml")).contains(blobId("v2\n"));
            assertThat(after.list("missing")).isEmpty();
            assertThat(after.paths()).containsExactly("components/a/component.yaml", "components/b/component.yaml",
                    "components/b/migrations/1.0.0.yaml");
        }
    }

    @Test
    void symlinksAreListedButNeverFollowed() {
        repo.write("targets/all.yaml", "kind: Target\n")
                .symlink("targets/alias.yaml", "all.yaml")
                .symlink("escape", "../outside-the-repository");
        repo.commit("links");
        try (JGitSource source = open("main")) {
            SpecTree tree = source.tree(source.poll(), "");

            assertThat(tree.symlinks()).containsExactly("escape", "targets/alias.yaml");
            assertThat(tree.paths()).containsExactly("targets/all.yaml");
            assertThatThrownBy(() -> tree.read("targets/alias.yaml"))
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID))
                    .hasMessageContaining("no file targets/alias.yaml");
        }
    }

    @Test
    void submodulesAreLeftOut() {
        try (GitFixture nested = GitFixture.init(repo.directory().resolve("vendor/lib"))) {
            nested.write("inner.yaml", "x\n");
            nested.commit("inner");
        }
        repo.write("targets/all.yaml", "kind: Target\n");
        repo.commit("with a submodule");
        try (JGitSource source = open("main")) {
            SpecTree tree = source.tree(source.poll(), "");

            assertThat(tree.paths()).containsExactly("targets/all.yaml");
            assertThat(tree.symlinks()).isEmpty();
        }
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedNamingItsPathAndSize() {
        repo.write("small.yaml", "a: 1\n").write("huge.yaml", "x".repeat(2000));
        repo.commit("big file");
        try (JGitSource source = JGitSource.open(repo.url(), "main", stateDir, clock,
                new SourceOptions(Duration.ofSeconds(5), 1024))) {
            SpecTree tree = source.tree(source.poll(), "");

            assertThat(text(tree, "small.yaml")).isEqualTo("a: 1\n");
            assertThatThrownBy(() -> tree.read("huge.yaml"))
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID))
                    .hasMessageContaining("huge.yaml")
                    .hasMessageContaining("2000 bytes")
                    .hasMessageContaining("1024");
        }
    }

    @Test
    void lightweightAndAnnotatedTagsResolveToTheirCommits() {
        repo.write("a.yaml", "1\n");
        String tagged = repo.commit("release 1");
        repo.tag("v1.0.0").annotatedTag("v1.1.0", "Release 1.1.0");
        repo.write("a.yaml", "2\n");
        repo.commit("after the release");

        try (JGitSource light = open("v1.0.0")) {
            Commit revision = light.poll();
            assertThat(revision.id()).isEqualTo(tagged);
            assertThat(revision.ref()).isEqualTo("refs/tags/v1.0.0");
        }
        try (JGitSource annotated = open("refs/tags/v1.1.0")) {
            Commit revision = annotated.poll();
            assertThat(revision.id()).isEqualTo(tagged);
            assertThat(revision.message()).isEqualTo("release 1");
            assertThat(text(annotated.tree(revision, ""), "a.yaml")).isEqualTo("1\n");
            assertThat(annotated.poll().fetched()).isFalse();
        }
    }

    @Test
    void headFollowsTheRemotesDefaultBranch() {
        repo.write("a.yaml", "1\n");
        String head = repo.commit("one");
        try (JGitSource source = open("HEAD")) {
            Commit revision = source.poll();
            assertThat(revision.id()).isEqualTo(head);
            assertThat(revision.ref()).isEqualTo("HEAD");
        }
    }

    @Test
    void aShortNameThatIsBothABranchAndATagFollowsTheBranch() {
        repo.write("a.yaml", "1\n");
        String old = repo.commit("one");
        repo.tag("main");
        repo.write("a.yaml", "2\n");
        String head = repo.commit("two");
        try (JGitSource source = open("main")) {
            Commit revision = source.poll();
            assertThat(revision.id()).isEqualTo(head).isNotEqualTo(old);
            assertThat(revision.ref()).isEqualTo("refs/heads/main");
        }
    }

    @Test
    void aFastForwardDescendsFromThePreviousCommit() {
        repo.write("a.yaml", "1\n");
        String first = repo.commit("one");
        repo.write("a.yaml", "2\n");
        String second = repo.commit("two");
        try (JGitSource source = open("main")) {
            source.poll();

            assertThat(source.isDescendant(second, first)).isTrue();
            assertThat(source.isDescendant(second, second)).isTrue();
            assertThat(source.isDescendant(first, second)).isFalse();
        }
    }

    @Test
    void aHistoryRewriteIsNotADescendantOfWhatWasAppliedBefore() {
        repo.write("a.yaml", "1\n");
        String first = repo.commit("one");
        repo.write("a.yaml", "2\n");
        String applied = repo.commit("two");
        try (JGitSource source = open("main")) {
            source.poll();

            repo.resetHard(first);
            repo.write("a.yaml", "other\n");
            String diverged = repo.commit("force-pushed instead of two");
            Commit afterForcePush = source.poll();
            assertThat(afterForcePush.id()).isEqualTo(diverged);
            assertThat(afterForcePush.fetched()).isTrue();
            assertThat(source.isDescendant(diverged, applied)).isFalse();
            assertThat(source.isDescendant(diverged, first)).isTrue();

            repo.resetHard(first);
            assertThat(source.poll().id()).isEqualTo(first);
            assertThat(source.isDescendant(first, applied)).isFalse();

            String unrelated = repo.commitUnrelated("a new root");
            assertThat(source.poll().id()).isEqualTo(unrelated);
            assertThat(source.isDescendant(unrelated, first)).isFalse();
        }
    }

    @Test
    void anAncestorTheMirrorHasNeverSeenIsNotAnAncestor() {
        repo.write("a.yaml", "1\n");
        String head = repo.commit("one");
        try (JGitSource source = open("main")) {
            source.poll();

            assertThat(source.isDescendant(head, "0123456789abcdef0123456789abcdef01234567")).isFalse();
            assertThat(source.isDescendant("0123456789abcdef0123456789abcdef01234567", head)).isFalse();
            assertThat(source.commitTime(head)).contains(repo.commitTime(head));
            assertThat(source.commitTime("0123456789abcdef0123456789abcdef01234567")).isEmpty();
            assertThatThrownBy(() -> source.isDescendant(head, "not-a-commit"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aShallowMirrorIsRefusedBecauseAncestryCannotBeChecked() throws IOException {
        repo.write("a.yaml", "1\n");
        String head = repo.commit("one");
        try (JGitSource source = open("main")) {
            source.poll();
        }
        Files.writeString(stateDir.resolve("mirror.git/shallow"), head + "\n");

        assertThatThrownBy(() -> open("main"))
                .isInstanceOfSatisfying(VersiondException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE))
                .hasMessageContaining("is shallow");
    }

    @Test
    void aMissingRefIsReportedByName() {
        repo.write("a.yaml", "1\n");
        repo.commit("one");
        try (JGitSource source = open("release")) {
            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
                    .hasMessage("ref 'release' not found on " + source.remoteUrl());
        }
    }

    @Test
    void anInvalidRefNameIsRefusedWhenOpening() {
        assertThatThrownBy(() -> open("bad..name"))
                .isInstanceOfSatisfying(VersiondException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
                .hasMessageContaining("bad..name");
    }

    @Test
    void aRepositoryThatDoesNotExistIsASourceError() {
        try (JGitSource source = JGitSource.open(temp.resolve("nowhere").toUri().toString(), "main", stateDir, clock)) {
            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
                    .hasMessageContaining("nowhere");
        }
    }

    @Test
    void fetchesThatPileUpPacksAreRepackedAndHistoryStaysReadable() throws IOException {
        repo.write("a.yaml", "0\n");
        String first = repo.commit("commit 0");
        try (JGitSource source = open("main")) {
            source.poll();
            int mostPacks = 0;
            for (int i = 1; i <= 40; i++) {
                repo.write("a.yaml", i + "\n");
                repo.commit("commit " + i);
                assertThat(source.poll().fetched()).isTrue();
                mostPacks = Math.max(mostPacks, packs());
            }

            assertThat(mostPacks).as("packs piled up before a repack").isGreaterThanOrEqualTo(30);
            assertThat(packs()).isLessThan(10);
            Commit head = source.poll();
            assertThat(head.id()).isEqualTo(repo.head());
            assertThat(text(source.tree(head, ""), "a.yaml")).isEqualTo("40\n");
            assertThat(source.isDescendant(head.id(), first)).isTrue();
            assertThat(stateDir.resolve("mirror.git/gc.log")).doesNotExist();
        }
    }

    @Test
    void sshWithoutADeployKeyIsAClearConfigErrorRatherThanTheUsersKeys() {
        try (JGitSource source = JGitSource.open("ssh://deploy:hunter2@127.0.0.1:1/fleet.git", "main", stateDir, clock)) {
            assertThatThrownBy(source::poll)
                    .isInstanceOfSatisfying(VersiondException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
                    .hasMessageContaining("ssh://127.0.0.1:1/fleet.git")
                    .hasMessageContaining("configure ssh-key")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
    }

    private int packs() throws IOException {
        try (Stream<Path> files = Files.list(stateDir.resolve("mirror.git/objects/pack"))) {
            return (int) files.filter(file -> file.toString().endsWith(".pack")).count();
        }
    }

    private static String text(SpecTree tree, String path) {
        return new String(tree.read(path), StandardCharsets.UTF_8);
    }

    /** What {@code git hash-object} prints for these bytes. */
    private static String blobId(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
