package dev.versiond.daemon.source;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;

/**
 * A fetch stopped because it went past one of its {@link FetchLimits}. Nothing it brought is kept:
 * the mirror's ref and objects are as before the fetch. A {@code SOURCE} error, so the agent backs
 * off and polls again like for any other bad remote.
 */
public final class FetchLimitExceeded extends VersiondException {
    private static final long serialVersionUID = 1L;

    /** Which limit was passed. */
    public enum Limit {
        /** More object bytes than {@link FetchLimits#maxBytes()}. */
        BYTES,
        /** Longer than {@link FetchLimits#maxDuration()}. */
        DURATION
    }

    private final Limit limit;

    FetchLimitExceeded(Limit limit, String message) {
        super(ErrorCode.SOURCE, message);
        this.limit = limit;
    }

    /** Which limit the fetch went past. */
    public Limit limit() {
        return limit;
    }
}
