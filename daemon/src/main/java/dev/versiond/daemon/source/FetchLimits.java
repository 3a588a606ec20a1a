package dev.versiond.daemon.source;

import java.time.Duration;

/**
 * How much one fetch may bring and how long it may take: the defences against the "endless data"
 * and "slow retrieval" attacks of The Update Framework's threat model, where a remote (or whoever
 * sits in front of it) feeds an agent without end or too slowly to ever finish, while every single
 * read stays within {@link SourceOptions#timeout()}.
 *
 * @param maxBytes the most object bytes one fetch may receive, counted as the objects are unpacked
 *     (so a small pack that inflates into a huge one is stopped too); the whole history of the ref is
 *     counted on the first fetch, only what is new afterwards
 * @param maxDuration the longest one fetch may take, from connecting to the last object
 */
public record FetchLimits(long maxBytes, Duration maxDuration) {

    /** One GiB: far above any desired-state repository's history, far below a full disk. */
    public static final long DEFAULT_MAX_BYTES = 1024L * 1024L * 1024L;

    /** Ten minutes: a first fetch of a large history on a slow link, not a server stalling on purpose. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);

    public FetchLimits {
        java.util.Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("fetch max bytes must be positive: " + maxBytes);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("fetch max duration must be positive: " + maxDuration);
        }
    }

    /** {@link #DEFAULT_MAX_BYTES} and {@link #DEFAULT_MAX_DURATION}. */
    public static FetchLimits defaults() {
        return new FetchLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DURATION);
    }
}
