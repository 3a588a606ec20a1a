package dev.versiond.daemon.notify;

import java.time.Duration;

/**
 * How hard delivery tries.
 *
 * @param connectTimeout how long a connection may take to open
 * @param requestTimeout how long a receiver may take to answer one request
 * @param attempts how many times one request is sent before it is given up (at least 1)
 * @param backoff the wait before the second attempt, doubled before each further one
 * @param queue how many requests may wait per sink; more are dropped (and counted)
 * @param perMinute how many requests a sink is sent per minute at most (the burst, refilled over a minute)
 */
public record Delivery(Duration connectTimeout, Duration requestTimeout, int attempts, Duration backoff, int queue,
                       int perMinute) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ATTEMPTS = 4;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(2);
    public static final int DEFAULT_QUEUE = 100;
    public static final int DEFAULT_PER_MINUTE = 20;

    public Delivery {
        if (attempts < 1 || queue < 1 || perMinute < 1) {
            throw new IllegalArgumentException("attempts, queue and perMinute must be positive");
        }
    }

    /** The defaults, with {@code perMinute} requests a minute per sink. */
    public static Delivery defaults(int perMinute) {
        return new Delivery(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF,
                DEFAULT_QUEUE, perMinute);
    }
}
