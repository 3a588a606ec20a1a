package dev.versiond.daemon.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How {@code versiond run} writes its log to stderr ({@code log-format}). */
public enum LogFormat {
    /** One line of text per event: what journald shows as is (the default). */
    LINE,
    /** One JSON object per line, for log shippers. */
    JSON;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<LogFormat> parse(String word) {
        return Arrays.stream(values()).filter(f -> f.word().equals(word.toLowerCase(Locale.ROOT))).findFirst();
    }
}
