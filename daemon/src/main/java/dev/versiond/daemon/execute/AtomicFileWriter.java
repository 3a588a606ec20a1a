package dev.versiond.daemon.execute;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.template.Templates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code file} step. A write never leaves a half-written file: the bytes go to a temporary file
 * in the same directory, are flushed to disk with their mode, and the temporary file is renamed
 * over the target (atomic on POSIX), then the directory itself is flushed so the rename survives a
 * power cut. It refuses to write through a symbolic link at the path, over anything that is not a
 * regular file, or below a parent directory that is a link leading out of the root.
 */
final class AtomicFileWriter {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Attempts attempts;

    AtomicFileWriter(Attempts attempts) {
        this.attempts = attempts;
    }

    byte[] render(FileStep step, StepContext context) {
        return step.content()
                .orElseGet(() -> Templates.render(step.template().orElseThrow(),
                        Templates.withVars(context.templateContext(), step.vars())))
                .getBytes(StandardCharsets.UTF_8);
    }

    Prior capture(FileStep step, StepContext context) {
        Path path = context.root().resolve(step.path());
        if (!Files.isRegularFile(path, NOFOLLOW)) {
            return new Prior.FileState(Optional.empty(), 0);
        }
        try {
            return new Prior.FileState(Optional.of(Files.readAllBytes(path)), mode(path));
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STEP_FAILED, "cannot read " + step.path() + ": " + IoReason.of(e), e);
        }
    }

    StepResult apply(FileStep step, StepContext context) {
        Instant start = attempts.now();
        byte[] bytes = render(step, context);
        return write(start, step, context, bytes, step.mode());
    }

    StepResult reverse(FileStep step, Prior prior, StepContext context) {
        Instant start = attempts.now();
        if (!(prior instanceof Prior.FileState state)) {
            return StepResult.failed("cannot restore file " + step.path() + " from " + prior, "", attempts.since(start), 0);
        }
        if (state.existed()) {
            return write(start, step, context, state.content().orElseThrow(), state.mode());
        }
        Path path = context.root().resolve(step.path());
        Optional<String> refusal = refusal(step.path(), path, context.root());
        if (refusal.isPresent()) {
            return StepResult.failed(refusal.get(), "", attempts.since(start), 0);
        }
        removeStaleTemporaries(path);
        return attempts.removeToAbsent(start, step.common().retries(), path, "file " + step.path());
    }

    /**
     * A write a crash cut short leaves its temporary file beside the target (never the target half
     * written); one process owns the host's steps, so any such file is stale. Also when the host
     * already holds what the step wants, so a skipped step leaves nothing behind either.
     */
    private static void removeStaleTemporaries(Path path) {
        if (!Files.isDirectory(path.getParent())) {
            return;
        }
        try {
            AtomicRename.removeStale(path);
        } catch (IOException e) {
            // Only litter: the write itself reports a real problem with the directory.
        }
    }

    /** Whether the file holds the rendered bytes with the step's mode; empty when it cannot be read. */
    Optional<Boolean> probe(FileStep step, StepContext context) {
        byte[] bytes = render(step, context);
        Path path = context.root().resolve(step.path());
        try {
            return Optional.of(holds(path, bytes, step.mode()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private StepResult write(Instant start, FileStep step, StepContext context, byte[] bytes, int mode) {
        Path path = context.root().resolve(step.path());
        Optional<String> refusal = refusal(step.path(), path, context.root());
        if (refusal.isPresent()) {
            return StepResult.failed(refusal.get(), "", attempts.since(start), 0);
        }
        removeStaleTemporaries(path);
        try {
            if (holds(path, bytes, mode)) {
                return StepResult.skipped("unchanged", attempts.since(start));
            }
        } catch (IOException e) {
            // Unreadable: rewrite it.
        }
        return attempts.repeat(start, step.common().retries(), () -> {
            try {
                replace(path, bytes, mode);
                return Attempt.ok("");
            } catch (IOException e) {
                return Attempt.failed("cannot write " + step.path() + ": " + IoReason.of(e), "");
            }
        });
    }

    private static Optional<String> refusal(String hostPath, Path path, HostRoot root) {
        if (!root.parentsStayInside(path)) {
            return Optional.of("refusing to write " + hostPath
                    + ": a parent directory is a symbolic link leading out of the root " + root.root());
        }
        if (Files.isSymbolicLink(path)) {
            return Optional.of("refusing to write through the symbolic link " + hostPath);
        }
        if (Files.exists(path, NOFOLLOW) && !Files.isRegularFile(path, NOFOLLOW)) {
            return Optional.of("refusing to write " + hostPath + ": it exists and is not a regular file");
        }
        return Optional.empty();
    }

    private static boolean holds(Path path, byte[] bytes, int mode) throws IOException {
        return Files.isRegularFile(path, NOFOLLOW)
                && Files.size(path) == bytes.length
                && mode(path) == mode
                && Arrays.equals(Files.readAllBytes(path), bytes);
    }

    /** Replaces {@code path} with {@code bytes} and {@code mode} in one rename. */
    static void replace(Path path, byte[] bytes, int mode) throws IOException {
        Files.createDirectories(path.getParent());
        AtomicRename.removeStale(path);
        Path temp = AtomicRename.temporaryFor(path);
        try {
            // Owner-only until the final mode is set: a secret is never readable by others in between.
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(Set.of(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)))) {
                // Set before the flush below, so the mode is on disk together with the bytes.
                setMode(temp, mode);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        AtomicRename.over(temp, path);
    }

    /** Whether the file system offers the "unix" attribute view (full mode, with setuid, setgid, sticky). */
    private static boolean hasUnixView(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    static int mode(Path path) throws IOException {
        if (hasUnixView(path)) {
            return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777;
        }
        return bits(Files.getPosixFilePermissions(path, NOFOLLOW));
    }

    private static void setMode(Path path, int mode) throws IOException {
        if (hasUnixView(path)) {
            Files.setAttribute(path, "unix:mode", mode);
        } else {
            // Without the unix view only the permission bits can be set (no setuid, setgid, sticky).
            Files.setPosixFilePermissions(path, permissions(mode));
        }
    }

    private static int bits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 0400 >> p.ordinal();
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (0400 >> p.ordinal())) != 0) {
                set.add(p);
            }
        }
        return set;
    }
}
