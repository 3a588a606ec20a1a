package dev.versiond.daemon.source;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the two halves of a poll took: asking the remote where the ref points, and fetching
 * when it moved ({@link Duration#ZERO} when it did not, and for a plain directory).
 */
public record PollTimes(Duration lsRemote, Duration fetch) {
    /** A read that asked no remote. */
    public static final PollTimes NONE = new PollTimes(Duration.ZERO, Duration.ZERO);

    public PollTimes {
        Objects.requireNonNull(lsRemote, "lsRemote");
        Objects.requireNonNull(fetch, "fetch");
    }
}
