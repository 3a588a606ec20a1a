package dev.versiond.daemon.notify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts deliveries as {@code versiond_notifications_total} would, by {@code sink/result}. */
final class Counts implements DeliveryCounter {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void count(String sink, String result) {
        counts.computeIfAbsent(sink + "/" + result, k -> new AtomicInteger()).incrementAndGet();
    }

    int of(String sink, String result) {
        AtomicInteger n = counts.get(sink + "/" + result);
        return n == null ? 0 : n.get();
    }
}
