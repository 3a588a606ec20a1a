package dev.versiond.daemon.execute;

import static dev.versiond.daemon.execute.Steps.context;
import static dev.versiond.daemon.execute.Steps.file;
import static dev.versiond.daemon.execute.Steps.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.execute.StepResult.Outcome;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.template.TemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    private final HostStepExecutor executor = Steps.executor(new FakeTime());

    @Test
    void writesContentAndModeCreatingParentDirectories() throws IOException {
        StepResult result = executor.apply(file("/etc/app/app.conf", "hello\n", 0640), context(root));

        Path written = root.resolve("etc/app/app.conf");
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(written).hasContent("hello");
        assertThat(AtomicFileWriter.mode(written)).isEqualTo(0640);
        assertThat(siblings(written)).containsExactly("app.conf");
    }

    @Test
    void replacesAnExistingFileByRenameNotInPlace() throws IOException {
        Path path = root.resolve("etc/app.conf");
        Files.createDirectories(path.getParent());
        Files.writeString(path, "old\n");
        Object inodeBefore = Files.getAttribute(path, "unix:ino");

        executor.apply(file("/etc/app.conf", "new\n", 0644), context(root));

        assertThat(path).hasContent("new");
        // A new inode: readers saw the old file or the new one, never a half-written one.
        assertThat(Files.getAttribute(path, "unix:ino")).isNotEqualTo(inodeBefore);
        assertThat(siblings(path)).containsExactly("app.conf");
    }

    @Test
    void temporaryFilesLeftByACrashAreRemovedByTheNextWrite() throws IOException {
        Path dir = Files.createDirectories(root.resolve("etc"));
        Files.writeString(dir.resolve(".app.conf.versiond-0b1c.tmp"), "half");
        Files.writeString(dir.resolve(".other.conf.versiond-0b1c.tmp"), "not ours to clean");

        executor.apply(file("/etc/app.conf", "whole\n", 0644), context(root));

        assertThat(siblings(dir.resolve("app.conf"))).containsExactlyInAnyOrder("app.conf", ".other.conf.versiond-0b1c.tmp");
    }

    @Test
    void sameBytesAndModeAreSkippedAsUnchanged() {
        executor.apply(file("/etc/app.conf", "same\n", 0644), context(root));

        StepResult again = executor.apply(file("/etc/app.conf", "same\n", 0644), context(root));

        assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(again.outputTail()).isEqualTo("unchanged");
    }

    @Test
    void sameBytesWithAnotherModeAreRewrittenWithTheNewMode() throws IOException {
        executor.apply(file("/etc/app.conf", "same\n", 0644), context(root));

        StepResult result = executor.apply(file("/etc/app.conf", "same\n", 0600), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(AtomicFileWriter.mode(root.resolve("etc/app.conf"))).isEqualTo(0600);
    }

    @Test
    void specialModeBitsAreWrittenToo() throws IOException {
        executor.apply(file("/usr/local/bin/tool", "#!/bin/sh\n", 02755), context(root));

        assertThat(AtomicFileWriter.mode(root.resolve("usr/local/bin/tool"))).isEqualTo(02755);
    }

    @Test
    void templateIsRenderedWithVersionAndConfig() {
        FileStep step = template("/etc/app.conf",
                "version={{version}} port={{config.port}} db={{config.db.host}} on {{host}}\n");

        StepResult result = executor.apply(step, context(root));

        String expected = "version=1.2.0 port=8080 db=db.internal on web-1\n";
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(root.resolve("etc/app.conf")).hasContent(expected.strip());
        assertThat(executor.render(step, context(root))).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void undefinedTemplateVariableIsATemplateExceptionAndWritesNothing() {
        FileStep step = template("/etc/app.conf", "x={{config.missing}}\n");

        assertThatThrownBy(() -> executor.apply(step, context(root)))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("config.missing");
        assertThat(root.resolve("etc/app.conf")).doesNotExist();
    }

    @Test
    void reverseRestoresCapturedContentAndMode() throws IOException {
        Path path = root.resolve("etc/app.conf");
        AtomicFileWriter.replace(path, "old\n".getBytes(StandardCharsets.UTF_8), 0600);
        FileStep step = file("/etc/app.conf", "new\n", 0644);

        Prior prior = executor.capture(step, context(root));
        executor.apply(step, context(root));
        StepResult reversed = executor.reverse(step, prior, context(root));

        assertThat(prior).isInstanceOfSatisfying(Prior.FileState.class, s -> assertThat(s.existed()).isTrue());
        assertThat(reversed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(path).hasContent("old");
        assertThat(AtomicFileWriter.mode(path)).isEqualTo(0600);
    }

    @Test
    void reverseDeletesAFileThatDidNotExistBefore() {
        FileStep step = file("/etc/app.conf", "new\n", 0644);

        Prior prior = executor.capture(step, context(root));
        executor.apply(step, context(root));
        StepResult reversed = executor.reverse(step, prior, context(root));

        assertThat(reversed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(root.resolve("etc/app.conf")).doesNotExist();
        assertThat(executor.reverse(step, prior, context(root)).outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void aWriteThatFindsTheFileInPlaceStillRemovesWhatAKilledWriteLeftBeside() throws IOException {
        FileStep step = file("/etc/app.conf", "new\n", 0644);
        executor.apply(step, context(root));
        Path stale = AtomicRename.temporaryFor(root.resolve("etc/app.conf"));
        Files.writeString(stale, "half of a write a SIGKILL cut short");

        assertThat(executor.apply(step, context(root)).outcome()).isEqualTo(Outcome.SKIPPED);

        assertThat(stale).doesNotExist();
        try (var listing = Files.list(root.resolve("etc"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("app.conf");
        }
    }

    @Test
    void probeTellsWhetherContentAndModeAreInPlace() throws IOException {
        FileStep step = file("/etc/app.conf", "new\n", 0644);
        assertThat(executor.probe(step, context(root))).contains(false);

        executor.apply(step, context(root));
        assertThat(executor.probe(step, context(root))).contains(true);

        Files.setPosixFilePermissions(root.resolve("etc/app.conf"), PosixFilePermissions.fromString("rw-------"));
        assertThat(executor.probe(step, context(root))).contains(false);
    }

    @Test
    void refusesToWriteThroughASymbolicLinkAtThePath() throws IOException {
        Path secret = Files.writeString(outside.resolve("secret"), "untouched\n");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/app.conf"), secret);

        StepResult result = executor.apply(file("/etc/app.conf", "owned\n", 0644), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("refusing to write through the symbolic link /etc/app.conf");
        assertThat(secret).hasContent("untouched");
        assertThat(Files.isSymbolicLink(root.resolve("etc/app.conf"))).isTrue();
    }

    @Test
    void refusesAParentDirectoryLinkLeadingOutOfTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("etc"), outside);

        StepResult result = executor.apply(file("/etc/sub/app.conf", "owned\n", 0644), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("leading out of the root");
        assertThat(outside.resolve("sub")).doesNotExist();
    }

    @Test
    void followsAParentDirectoryLinkThatStaysInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("data/etc"));
        Files.createSymbolicLink(root.resolve("etc"), root.resolve("data/etc"));

        StepResult result = executor.apply(file("/etc/app.conf", "fine\n", 0644), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(root.resolve("data/etc/app.conf")).hasContent("fine");
    }

    @Test
    void refusesToReplaceADirectory() throws IOException {
        Files.createDirectories(root.resolve("etc/app.conf/keep"));

        StepResult result = executor.apply(file("/etc/app.conf", "x\n", 0644), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("not a regular file");
        assertThat(root.resolve("etc/app.conf/keep")).isDirectory();
    }

    @Test
    void pathTraversalIsRefusedByTheHostRoot() {
        FileStep step = file("/etc/../../" + outside.getFileName() + "/escaped", "x\n", 0644);

        assertThatThrownBy(() -> executor.apply(step, context(root)))
                .isInstanceOf(VersiondException.class)
                .hasMessageContaining("escapes the root");
        assertThat(outside.resolve("escaped")).doesNotExist();
    }

    /** The files next to {@code path}, itself included: no temporary file may be left behind. */
    private static List<String> siblings(Path path) throws IOException {
        try (Stream<Path> entries = Files.list(path.getParent())) {
            return entries.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .toList();
        }
    }
}
