package dev.versiond.daemon.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** How the page writes times, durations and commit ids: short, UTC, the same everywhere on the page. */
final class DisplayText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private DisplayText() {
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String time(Optional<Instant> t) {
        return t.map(DisplayText::time).orElse(null);
    }

    /** {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1000.0);
        }
        return String.format("%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }

    /** The first 12 characters of a commit id, as Git shows an abbreviated one. */
    static String shortCommit(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** {@code 2/5 app 1.1.0/unpack}, as {@code GET /status} shows a component's progress. */
    static String progress(dev.versiond.daemon.reconcile.Progress p) {
        return p.done() + "/" + p.total() + " " + p.component() + " " + p.version() + "/" + p.step();
    }
}
