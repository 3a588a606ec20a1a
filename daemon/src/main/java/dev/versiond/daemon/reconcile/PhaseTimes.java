package dev.versiond.daemon.reconcile;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How long each phase of one pass took; a phase the pass did not reach is absent.
 *
 * @param times by phase, in phase order
 */
public record PhaseTimes(Map<PassPhase, Duration> times) {
    /** A pass that timed nothing. */
    public static final PhaseTimes NONE = new PhaseTimes(Map.of());

    public PhaseTimes {
        Objects.requireNonNull(times, "times");
        EnumMap<PassPhase, Duration> copy = new EnumMap<>(PassPhase.class);
        copy.putAll(times);
        times = Collections.unmodifiableMap(copy);
    }

    /** Seconds by {@link PassPhase#word()}, in phase order: how history and the API show them. */
    public Map<String, Double> seconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        times.forEach((phase, duration) -> seconds.put(phase.word(), duration.toNanos() / 1e9));
        return Collections.unmodifiableMap(seconds);
    }

    /** Times the phases of one pass as it runs; not thread-safe (a pass runs on one thread). */
    static final class Stopwatch {
        private final LongSupplier nanos;
        private final EnumMap<PassPhase, Duration> times = new EnumMap<>(PassPhase.class);

        /** @param nanos a monotonic clock ({@link System#nanoTime}) */
        Stopwatch(LongSupplier nanos) {
            this.nanos = nanos;
        }

        /** Runs {@code work} and adds its time to {@code phase}, also when it throws. */
        <T> T time(PassPhase phase, Supplier<T> work) {
            long started = nanos.getAsLong();
            try {
                return work.get();
            } finally {
                add(phase, Duration.ofNanos(nanos.getAsLong() - started));
            }
        }

        /** Adds time measured elsewhere (the source times its own round trips). */
        void add(PassPhase phase, Duration duration) {
            times.merge(phase, duration, Duration::plus);
        }

        PhaseTimes times() {
            return new PhaseTimes(times);
        }
    }
}
