package dev.versiond.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.GitDaemonProcess;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.GitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poll asks for the configured ref alone and a listing for its names alone, against git's own
 * daemon (protocol v2), JGit's daemon as a v0-only server, and a repository on disk.
 */
class RefListingTest {
    private static final int EXTRA_TAGS = 2000;

    @TempDir
    Path temp;

    private GitFixture repo;
    private String head;

    @BeforeEach
    void repositoryWithManyTags() throws Exception {
        repo = GitFixture.init(temp.resolve("served").resolve("desired"));
        repo.write("targets/all.yaml", "kind: Target\n");
        head = repo.commit("initial");
        StringBuilder updates = new StringBuilder();
        for (int i = 0; i < EXTRA_TAGS; i++) {
            updates.append("create refs/tags/t").append(i).append(' ').append(head).append('\n');
        }
        for (int i = 0; i < 5; i++) {
            updates.append("create refs/versiond/status/host-").append(i).append(' ').append(head).append('\n');
        }
        updates.append("create refs/versiond/statusquo ").append(head).append('\n');
        git(updates.toString(), "update-ref", "--stdin");
        git("", "pack-refs", "--all");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    @Test
    void aPollOverGitDaemonAsksForTheConfiguredRefAloneWithProtocolV2() {
        try (GitDaemonProcess daemon = GitDaemonProcess.serving(temp.resolve("served"), temp.resolve("daemon"));
                JGitSource source = JGitSource.open(daemon.url("desired"), "main", temp.resolve("state"),
                        Clock.systemUTC())) {
            assertThat(source.poll().id()).isEqualTo(head);
            daemon.clearTrace();

            assertThat(source.poll().fetched()).isFalse();

            String trace = daemon.trace();
            assertThat(trace).contains("version 2").contains("command=ls-refs")
                    .contains("ref-prefix refs/heads/main").contains(head + " refs/heads/main");
            assertThat(trace).doesNotContain("refs/tags/t0").doesNotContain("refs/versiond/status/");
        }
    }

    @Test
    void aNamespaceIsListedInOneRequestThatNamesOnlyIt() {
        try (GitDaemonProcess daemon = GitDaemonProcess.serving(temp.resolve("served"), temp.resolve("daemon"));
                JGitSource source = JGitSource.open(daemon.url("desired"), "main", temp.resolve("state"),
                        Clock.systemUTC())) {
            List<ListedRef> status = source.listRefs(List.of("refs/versiond/status/"));

            assertThat(status).extracting(ListedRef::name).containsExactly("refs/versiond/status/host-0",
                    "refs/versiond/status/host-1", "refs/versiond/status/host-2", "refs/versiond/status/host-3",
                    "refs/versiond/status/host-4");
            assertThat(status).extracting(ListedRef::objectId).containsOnly(head);
            String trace = daemon.trace();
            assertThat(trace.split("command=ls-refs", -1)).hasSize(2);
            assertThat(trace).contains("ref-prefix refs/versiond/status/").doesNotContain("refs/tags/t0");
        }
    }

    @Test
    void aServerWithoutProtocolV2AdvertisesEverythingAndTheListingIsCutToTheNamesAsked() throws IOException {
        try (var served = new FileRepositoryBuilder().setGitDir(repo.gitDirectory().toFile()).build()) {
            StoredConfig config = served.getConfig();
            config.setInt("protocol", null, "version", 0);
            config.save();
        }
        try (GitServer server = GitServer.serving("desired", repo);
                JGitSource source = JGitSource.open(server.url("desired"), "main", temp.resolve("state"),
                        Clock.systemUTC())) {
            assertThat(source.poll().id()).isEqualTo(head);
            assertThat(source.listRefs(List.of("refs/versiond/status/", "refs/tags/t7", "refs/heads/nope")))
                    .extracting(ListedRef::name).containsExactly("refs/tags/t7", "refs/versiond/status/host-0",
                            "refs/versiond/status/host-1", "refs/versiond/status/host-2",
                            "refs/versiond/status/host-3", "refs/versiond/status/host-4");
        }
    }

    @Test
    void aLocalRepositoryIsReadWithoutAnUploadPackAndSeesRefsMovedAndRepacked() {
        try (JGitSource source = JGitSource.open(repo.directory().toString(), "main", temp.resolve("state"),
                Clock.systemUTC())) {
            assertThat(source.poll().id()).isEqualTo(head);
            assertThat(source.listRefs(List.of("refs/versiond/status/"))).hasSize(5);
            assertThat(source.listRefs(List.of("refs/tags/t12", "HEAD"))).extracting(ListedRef::name)
                    .containsExactly("HEAD", "refs/tags/t12");

            String next = repo.write("targets/all.yaml", "kind: Target # 2\n").commit("second");
            assertThat(source.poll()).satisfies(c -> {
                assertThat(c.id()).isEqualTo(next);
                assertThat(c.fetched()).isTrue();
            });
            git("", "pack-refs", "--all");
            git("delete refs/versiond/status/host-4\n", "update-ref", "--stdin");
            assertThat(source.poll().fetched()).isFalse();
            assertThat(source.listRefs(List.of("refs/versiond/status/"))).hasSize(4);
        }
    }

    private void git(String input, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.directory().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
