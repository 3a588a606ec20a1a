package dev.versiond.daemon.notify;

import dev.versiond.daemon.RateLimit;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's delivery: a bounded queue that {@link #offer} fills without ever blocking (over the rate
 * limit or with the queue full, a request is counted and dropped), and one daemon thread that sends
 * each request in turn, retrying with doubling backoff. Logs name the sink by its address without
 * credentials and never show a body or a header (the signature).
 */
final class SinkWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkWorker.class);

    private final Sink sink;
    private final HttpClient client;
    private final Delivery delivery;
    private final DeliveryCounter counter;
    private final RateLimit limit;
    private final BlockingQueue<HttpRequest> queue;
    private final Thread thread;

    SinkWorker(Sink sink, HttpClient client, Delivery delivery, DeliveryCounter counter, Clock clock) {
        this.sink = sink;
        this.client = client;
        this.delivery = delivery;
        this.counter = counter;
        this.limit = new RateLimit(delivery.perMinute(), Duration.ofMinutes(1), clock);
        this.queue = new ArrayBlockingQueue<>(delivery.queue());
        this.thread = new Thread(this::deliverForever, "versiond-notify-" + sink.name());
        thread.setDaemon(true);
        thread.start();
    }

    Sink sink() {
        return sink;
    }

    /** Queues a request, or counts why not; returns at once. */
    void offer(HttpRequest request) {
        if (!limit.tryAcquire()) {
            counter.count(sink.name(), DeliveryCounter.RATE_LIMITED);
            LOG.warn("notification to {} not sent: over its rate limit of {} a minute", sink.display(),
                    delivery.perMinute());
        } else if (!queue.offer(request)) {
            counter.count(sink.name(), DeliveryCounter.DROPPED);
            LOG.warn("notification to {} dropped: {} are already waiting", sink.display(), delivery.queue());
        }
    }

    private void deliverForever() {
        try {
            while (true) {
                deliver(queue.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(HttpRequest request) throws InterruptedException {
        Duration wait = delivery.backoff();
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    counter.count(sink.name(), DeliveryCounter.SENT);
                    return;
                }
                problem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt >= delivery.attempts()) {
                counter.count(sink.name(), DeliveryCounter.FAILED);
                LOG.warn("notification to {} failed after {} attempts: {}", sink.display(), attempt, problem);
                return;
            }
            counter.count(sink.name(), DeliveryCounter.RETRIED);
            LOG.debug("notification to {}: {}; retrying in {} ms", sink.display(), problem, wait.toMillis());
            Thread.sleep(wait.toMillis());
            wait = wait.multipliedBy(2);
        }
    }

    /** Stops delivering; what is still queued is dropped (a notification never holds up a shutdown). */
    @Override
    public void close() {
        thread.interrupt();
    }
}
