package dev.versiond.daemon.execute;

import java.time.Duration;

/** Durations as the desired-state files write them ({@code 500ms}, {@code 5s}, {@code 2m}), for messages. */
public final class HumanDuration {
    private HumanDuration() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s == 0 || s % 60 != 0) {
            return s + "s";
        }
        long m = s / 60;
        if (m % 60 != 0) {
            return m + "m";
        }
        long h = m / 60;
        return h % 24 != 0 ? h + "h" : h / 24 + "d";
    }
}
