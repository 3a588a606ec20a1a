package dev.versiond.daemon.execute;

import java.time.Duration;

/**
 * Waits between attempts (retry backoff, check intervals). Injected so that tests can record the
 * delays, or advance a fake clock, instead of waiting.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks for {@code duration}; an interrupt ends the wait early with {@link InterruptedException}. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real thing: {@link Thread#sleep(long)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
