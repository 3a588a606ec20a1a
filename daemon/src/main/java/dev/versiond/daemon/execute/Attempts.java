package dev.versiond.daemon.execute;

import dev.versiond.daemon.IoReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Repeats a failing attempt with exponential backoff (1s, 2s, 4s… up to a cap), measuring time with
 * the injected clock and waiting through the injected sleeper.
 */
final class Attempts {
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxBackoff;

    Attempts(Clock clock, Sleeper sleeper, Duration maxBackoff) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxBackoff = maxBackoff;
    }

    Instant now() {
        return clock.instant();
    }

    Duration since(Instant start) {
        Duration elapsed = Duration.between(start, clock.instant());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    /** Runs {@code attempt} once, and up to {@code retries} more times while it fails. */
    StepResult repeat(Instant start, int retries, Supplier<Attempt> attempt) {
        Attempt last = attempt.get();
        int made = 1;
        while (!last.ok() && made <= retries) {
            if (!pause(backoff(made))) {
                return StepResult.failed(last.error() + " (interrupted before retry)", last.output(), since(start), made);
            }
            last = attempt.get();
            made++;
        }
        return last.ok()
                ? StepResult.applied(last.output(), since(start), made)
                : StepResult.failed(last.error(), last.output(), since(start), made);
    }

    /** The pause after the {@code failures}-th failed attempt: 1s, 2s, 4s…, never above the cap. */
    Duration backoff(int failures) {
        int doublings = Math.min(failures - 1, 30);
        Duration delay = ExecutorOptions.FIRST_BACKOFF.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    /** Waits through the sleeper; false when interrupted (the interrupt flag is kept). */
    boolean pause(Duration duration) {
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Undoes a step whose prior says nothing was at {@code path}: removes what is there now (a file
     * or a link, never following it), or skips when it is already gone.
     *
     * @param what names the thing for messages, e.g. "file /etc/app.conf"
     */
    StepResult removeToAbsent(Instant start, int retries, Path path, String what) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return StepResult.skipped("absent, as before", since(start));
        }
        return repeat(start, retries, () -> {
            try {
                Files.deleteIfExists(path);
                AtomicRename.syncDirectory(path.getParent());
                return Attempt.ok("");
            } catch (IOException e) {
                return Attempt.failed("cannot remove " + what + ": " + IoReason.of(e), "");
            }
        });
    }
}
