package dev.versiond.daemon.source;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Makes a local Git repository out of a directory of files (for {@code versiond run --dev}), so a
 * newcomer has a desired-state repository to commit version bumps to without installing git.
 */
public final class ScratchRepository {
    private ScratchRepository() {
    }

    /** Whether {@code dir} already holds a Git repository (a previous dev run: keep its history). */
    public static boolean exists(Path dir) {
        return Files.isDirectory(dir.resolve(".git"));
    }

    /** Initialises {@code dir} (already filled with files) on branch {@code main} and commits everything. */
    public static String initAndCommit(Path dir, String message) {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("versiond dev", "dev@versiond.invalid");
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
        } catch (GitAPIException e) {
            throw new VersiondException(ErrorCode.SOURCE, "cannot create the scratch repository in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Copies a directory tree (regular files and directories only). */
    public static void copyTree(Path from, Path to) {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.USAGE, "cannot copy " + from + " to " + to + ": " + IoReason.of(e), e);
        }
    }
}
