package dev.versiond.daemon.source;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.BlobObjectChecker;
import org.eclipse.jgit.lib.ObjectChecker;

/**
 * The object checker of one fetch (JGit's {@code transfer.fsckObjects}), which also keeps the
 * fetch within its {@link FetchLimits}. JGit hands it every object as the pack is unpacked (a
 * large blob chunk by chunk, before it is whole), whatever the transport, so it sees the bytes and
 * the time as they come and stops the fetch at the first chunk past a limit. JGit then deletes the
 * partial pack; the mirror's ref has not moved.
 *
 * <p>Objects are counted inflated, deltas resolved: that is what the mirror and the passes that
 * read it must hold, and a pack that inflates a thousandfold is stopped as early as an endless one.
 */
final class FetchBudget extends ObjectChecker {
    private final FetchLimits limits;
    private final String remote;
    private final LongSupplier nanos;
    private final long started;
    private long bytes;
    private FetchLimitExceeded exceeded;

    /**
     * @param remote the remote as it may be printed
     * @param nanos a monotonic clock ({@link System#nanoTime})
     */
    FetchBudget(FetchLimits limits, String remote, LongSupplier nanos) {
        this.limits = limits;
        this.remote = remote;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
    }

    /** Why the fetch was stopped, if it was: JGit may hand the error back wrapped in its own. */
    Optional<FetchLimitExceeded> exceeded() {
        return Optional.ofNullable(exceeded);
    }

    /** Bytes counted so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public void check(AnyObjectId id, int objType, byte[] raw) throws CorruptObjectException {
        spend(raw.length);
        super.check(id, objType, raw);
    }

    @Override
    public BlobObjectChecker newBlobObjectChecker() {
        BlobObjectChecker inner = super.newBlobObjectChecker();
        return new BlobObjectChecker() {
            @Override
            public void update(byte[] in, int offset, int length) {
                spend(length);
                if (inner != null) {
                    inner.update(in, offset, length);
                }
            }

            @Override
            public void endBlob(AnyObjectId id) throws CorruptObjectException {
                if (inner != null) {
                    inner.endBlob(id);
                }
            }
        };
    }

    private void spend(long count) {
        bytes += count;
        if (bytes > limits.maxBytes()) {
            throw stop(FetchLimitExceeded.Limit.BYTES, "fetch from " + remote + " stopped: it brought more than "
                    + limits.maxBytes() + " bytes of objects (source fetch-max-bytes); the mirror is unchanged");
        }
        Duration elapsed = Duration.ofNanos(nanos.getAsLong() - started);
        if (elapsed.compareTo(limits.maxDuration()) > 0) {
            throw stop(FetchLimitExceeded.Limit.DURATION, "fetch from " + remote + " stopped: it took longer than "
                    + limits.maxDuration().toSeconds() + " s (source fetch-max-duration) after " + bytes
                    + " bytes of objects; the mirror is unchanged");
        }
    }

    private FetchLimitExceeded stop(FetchLimitExceeded.Limit limit, String message) {
        if (exceeded == null) {
            exceeded = new FetchLimitExceeded(limit, message);
        }
        return exceeded;
    }
}
