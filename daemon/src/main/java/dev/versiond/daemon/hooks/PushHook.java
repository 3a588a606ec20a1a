package dev.versiond.daemon.hooks;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.RateLimit;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/git} without the HTTP: rate-limits, verifies ({@link PushSignature}) and turns a
 * burst of pushes into one poll: a verified push asks for a poll a quiet period ({@link #DEFAULT_QUIET})
 * later, and each further push within it moves the poll on (up to {@link #MAX_WAIT_QUIETS} quiet periods
 * after the burst's first push). What the payload says (branch, commits) is
 * never read: the poll fetches the branch and checks it as any poll does.
 *
 * <p>The rate limit counts every request, verified or not, before the HMAC is computed, so a flood costs
 * little; the price is that a flood can also make genuine pushes wait, which only delays them to the
 * next regular poll.
 */
public final class PushHook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushHook.class);
    /** Bodies larger than this are refused (413): a push event is a few kilobytes, rarely more than 100. */
    public static final int MAX_BODY = 1024 * 1024;
    public static final Duration DEFAULT_QUIET = Duration.ofSeconds(2);
    /** A burst's poll waits at most this many quiet periods after its first push. */
    static final int MAX_WAIT_QUIETS = 5;
    /** Requests per minute the hook answers at most (a burst, refilled over the minute). */
    public static final int DEFAULT_PER_MINUTE = 30;

    /** What the endpoint answers. */
    public enum Answer {
        /** 202: a poll follows shortly. */
        ACCEPTED,
        /** 401: none of the signature headers. */
        UNSIGNED,
        /** 401: a signature header that does not match. */
        WRONG_SIGNATURE,
        /** 429: over the rate limit. */
        RATE_LIMITED
    }

    private final PushSignature signature;
    private final Runnable pollNow;
    private final Duration quiet;
    private final RateLimit limit;
    private ScheduledFuture<?> pendingPoll;
    private long burstStarted;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "versiond-push-hook");
        t.setDaemon(true);
        return t;
    });

    PushHook(String secret, Runnable pollNow, Duration quiet, RateLimit limit) {
        this.signature = new PushSignature(secret);
        this.pollNow = pollNow;
        this.quiet = quiet;
        this.limit = limit;
    }

    /**
     * The hook with the secret in {@code secretFile}.
     *
     * @param pollNow asks for a pass without waiting for it (the scheduler's {@code syncNow})
     * @throws VersiondException ({@link ErrorCode#CONFIG}) if the file cannot be read or is empty
     */
    public static PushHook of(Path secretFile, Runnable pollNow, Duration quiet, int perMinute, Clock clock) {
        String secret;
        try {
            secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.CONFIG, "hook-secret-file " + secretFile + ": cannot read it: "
                    + IoReason.of(e), e);
        }
        if (secret.isEmpty()) {
            throw new VersiondException(ErrorCode.CONFIG, "hook-secret-file " + secretFile + ": empty");
        }
        return new PushHook(secret, pollNow, quiet, new RateLimit(perMinute, Duration.ofMinutes(1), clock));
    }

    /** @param header a request header by name, null when absent */
    public Answer receive(Function<String, String> header, byte[] body) {
        if (!limit.tryAcquire()) {
            return Answer.RATE_LIMITED;
        }
        return switch (signature.check(header, body)) {
            case UNSIGNED -> Answer.UNSIGNED;
            case WRONG -> {
                LOG.warn("POST /hooks/git refused: its signature does not match hook-secret-file");
                yield Answer.WRONG_SIGNATURE;
            }
            case VERIFIED -> {
                nudge();
                yield Answer.ACCEPTED;
            }
        };
    }

    /** Seconds a rate-limited caller should wait ({@code Retry-After}). */
    public long retryAfterSeconds() {
        return limit.secondsUntilNext();
    }

    /**
     * Debounces: each push moves the poll to {@code quiet} after it, but never later than
     * {@link #MAX_WAIT_QUIETS} quiet periods after the first push of the burst, so a steady stream of
     * pushes still polls.
     */
    private synchronized void nudge() {
        long now = System.nanoTime();
        if (pendingPoll == null || pendingPoll.isDone()) {
            burstStarted = now;
        } else {
            pendingPoll.cancel(false);
        }
        long latest = burstStarted + quiet.toNanos() * MAX_WAIT_QUIETS;
        long at = Math.min(now + quiet.toNanos(), latest);
        pendingPoll = timer.schedule(this::poll, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void poll() {
        try {
            LOG.info("push hook: polling now");
            pollNow.run();
        } catch (RuntimeException e) {
            LOG.warn("push hook: cannot ask for a poll: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
