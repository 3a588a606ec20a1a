package dev.versiond.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: up to {@code burst} events at once, refilled at {@code burst} per {@code per}. Used
 * where a remote party or a flapping host must not cause unbounded work: notifications per sink, push
 * hooks per agent. Thread-safe; time comes from the clock, so tests advance it instead of sleeping.
 */
public final class RateLimit {
    private final int burst;
    private final Duration per;
    private final Clock clock;
    private double tokens;
    private Instant last;

    public RateLimit(int burst, Duration per, Clock clock) {
        if (burst < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one event: " + burst);
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate limit's period must be positive: " + per);
        }
        this.burst = burst;
        this.per = per;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.instant();
    }

    /** Takes one token if there is one; {@code false} means the event is over the limit. */
    public synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            double refill = (double) Duration.between(last, now).toNanos() / per.toNanos() * burst;
            tokens = Math.min(burst, tokens + refill);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token, rounded up to whole seconds (for {@code Retry-After}). */
    public synchronized long secondsUntilNext() {
        double missing = Math.max(0, 1 - tokens);
        return Math.max(1, (long) Math.ceil(missing * per.toSeconds() / burst));
    }
}
