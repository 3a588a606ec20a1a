package dev.versiond.daemon.schedule;

import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.spec.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long to wait before the next poll. Pure: the caller supplies the random draw and the time.
 *
 * <p>Each delay strays from its base by up to {@code jitterPercent} either way, so a fleet started
 * together spreads out over time. While the remote cannot be read the base doubles with every failure
 * in a row ({@code interval × 2^n}), capped at {@code maxBackoff}; the first pass that reads it again
 * resets it to {@code interval}.
 *
 * @param maxBackoff the longest base delay while backing off; never shorter than {@code interval}
 */
public record PollTiming(Duration interval, int jitterPercent, Duration maxBackoff) {

    /** The cap on the backoff of the daemon. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);

    public PollTiming {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (jitterPercent < 0 || jitterPercent > 100) {
            throw new IllegalArgumentException("jitterPercent out of 0..100: " + jitterPercent);
        }
        if (maxBackoff.compareTo(interval) < 0) {
            maxBackoff = interval;
        }
    }

    /** Whether an outcome counts as a failure of the remote, the kind that backs off. */
    public static boolean isRemoteFailure(PassOutcome outcome) {
        return outcome instanceof PassOutcome.Failed failed && failed.code() == ErrorCode.SOURCE;
    }

    /** The failures in a row after {@code outcome}, given {@code failures} before it. */
    public static int failuresAfter(int failures, PassOutcome outcome) {
        return isRemoteFailure(outcome) ? failures + 1 : 0;
    }

    /** The delay before jitter after {@code failures} remote failures in a row. */
    public Duration baseDelay(int failures) {
        if (failures <= 0) {
            return interval;
        }
        // Past 2^20 the cap has long been reached; stop shifting before the multiplication overflows.
        long factor = 1L << Math.min(failures, 20);
        long millis = interval.toMillis() > maxBackoff.toMillis() / factor
                ? maxBackoff.toMillis()
                : Math.min(interval.toMillis() * factor, maxBackoff.toMillis());
        return Duration.ofMillis(millis);
    }

    /**
     * The delay to wait, the base moved by the jitter.
     *
     * @param random a uniform draw from [0, 1): 0 is the earliest, 0.5 the base itself
     */
    public Duration delay(int failures, double random) {
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random not in [0, 1): " + random);
        }
        long base = baseDelay(failures).toMillis();
        double spread = (2 * random - 1) * jitterPercent / 100.0;
        return Duration.ofMillis(Math.max(1, Math.round(base * (1 + spread))));
    }

    /** When the next poll fires, {@link #delay} after {@code now}. */
    public Instant nextPoll(Instant now, int failures, double random) {
        return now.plus(delay(failures, random));
    }
}
