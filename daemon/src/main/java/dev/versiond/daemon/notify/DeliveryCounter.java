package dev.versiond.daemon.notify;

/**
 * Counts what became of each notification, per sink: the seam to {@code versiond_notifications_total{sink,result}}.
 * Called from delivery threads; implementations must be thread-safe, quick, and must not throw.
 */
@FunctionalInterface
public interface DeliveryCounter {
    /** Delivered (a 2xx answer). */
    String SENT = "sent";
    /** Tried again after an error or a non-2xx answer (one count per retry). */
    String RETRIED = "retried";
    /** Given up after the last attempt. */
    String FAILED = "failed";
    /** Not queued: the sink's queue was full (the receiver is slower than the events). */
    String DROPPED = "dropped";
    /** Not queued: over the sink's rate limit. */
    String RATE_LIMITED = "rate_limited";

    void count(String sink, String result);

    DeliveryCounter NONE = (sink, result) -> { };
}
