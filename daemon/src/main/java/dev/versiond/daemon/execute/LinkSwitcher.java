package dev.versiond.daemon.execute;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.LinkStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code link} step: the blue/green switch. A new link is made next to the old one and renamed
 * over it, so at every instant the path points either to the old target or to the new one. A real
 * file or directory at the path is never replaced (that would delete data): the step fails.
 *
 * <p>Targets are written as given, so a relative target stays relative. An absolute target under a
 * root other than {@code /} (the {@code --root} of demos and tests) is written root-prefixed:
 * {@code /opt/app/releases/1.2.0} becomes {@code <root>/opt/app/releases/1.2.0}, so the link
 * resolves inside the scratch root just as it would on a real host.
 */
final class LinkSwitcher {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Attempts attempts;

    LinkSwitcher(Attempts attempts) {
        this.attempts = attempts;
    }

    /** The target string the link holds on disk. */
    static String diskTarget(LinkStep step, HostRoot root) {
        if (step.target().startsWith("/")) {
            Path resolved = root.resolve(step.target()); // refuses a target outside the root or the allowed roots
            return root.isSystem() ? step.target() : resolved.toString();
        }
        // A relative target is resolved from the link's directory on disk: it must not climb out of the root.
        Path onDisk = root.resolve(step.path()).getParent().resolve(step.target()).normalize();
        if (!onDisk.startsWith(root.root())) {
            throw new VersiondException(ErrorCode.PLAN, "link " + step.path() + " -> " + step.target()
                    + " escapes the root " + root.root());
        }
        root.resolve("/" + root.root().relativize(onDisk)); // and stays inside the allowed roots
        return step.target();
    }

    Prior capture(LinkStep step, StepContext context) {
        Path path = context.root().resolve(step.path());
        if (!Files.isSymbolicLink(path)) {
            return new Prior.LinkState(Optional.empty());
        }
        try {
            return new Prior.LinkState(Optional.of(Files.readSymbolicLink(path).toString()));
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.STEP_FAILED, "cannot read link " + step.path() + ": " + IoReason.of(e), e);
        }
    }

    StepResult apply(LinkStep step, StepContext context) {
        return point(attempts.now(), step, context, diskTarget(step, context.root()));
    }

    /** Points the link back at its captured target (as it was on disk), or removes it when there was none. */
    StepResult reverse(LinkStep step, Prior prior, StepContext context) {
        Instant start = attempts.now();
        if (!(prior instanceof Prior.LinkState state)) {
            return StepResult.failed("cannot restore link " + step.path() + " from " + prior, "", attempts.since(start), 0);
        }
        if (state.target().isPresent()) {
            return point(start, step, context, state.target().get());
        }
        Path path = context.root().resolve(step.path());
        Optional<String> refusal = refusal(step, path, context.root());
        if (refusal.isPresent()) {
            return StepResult.failed(refusal.get(), "", attempts.since(start), 0);
        }
        return attempts.removeToAbsent(start, step.common().retries(), path, "link " + step.path());
    }

    Optional<Boolean> probe(LinkStep step, StepContext context) {
        Path path = context.root().resolve(step.path());
        return Optional.of(pointsAt(path, diskTarget(step, context.root())));
    }

    private StepResult point(Instant start, LinkStep step, StepContext context, String target) {
        Path path = context.root().resolve(step.path());
        Optional<String> refusal = refusal(step, path, context.root());
        if (refusal.isPresent()) {
            return StepResult.failed(refusal.get(), "", attempts.since(start), 0);
        }
        if (pointsAt(path, target)) {
            return StepResult.skipped("already points to " + target, attempts.since(start));
        }
        return attempts.repeat(start, step.common().retries(), () -> {
            try {
                swap(path, target);
                return Attempt.ok("");
            } catch (IOException e) {
                return Attempt.failed("cannot point " + step.path() + " to " + target + ": " + IoReason.of(e), "");
            }
        });
    }

    private static Optional<String> refusal(LinkStep step, Path path, HostRoot root) {
        if (!root.parentsStayInside(path)) {
            return Optional.of("refusing to link " + step.path()
                    + ": a parent directory is a symbolic link leading out of the root " + root.root());
        }
        if (Files.exists(path, NOFOLLOW) && !Files.isSymbolicLink(path)) {
            return Optional.of("refusing to replace " + step.path() + ": it exists and is not a symbolic link");
        }
        return Optional.empty();
    }

    private static boolean pointsAt(Path path, String target) {
        try {
            return Files.isSymbolicLink(path) && Files.readSymbolicLink(path).toString().equals(target);
        } catch (IOException e) {
            return false;
        }
    }

    private static void swap(Path path, String target) throws IOException {
        Files.createDirectories(path.getParent());
        AtomicRename.removeStale(path);
        Path temp = AtomicRename.temporaryFor(path);
        Files.createSymbolicLink(temp, Path.of(target));
        // rename(2) replaces the old link in one step; a delete-then-create would leave a gap.
        AtomicRename.over(temp, path);
    }
}
