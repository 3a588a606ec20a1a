package dev.versiond.daemon.source;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a {@link JGitSource}.
 *
 * @param timeout how long one network operation (connect, read) may stall before the poll fails;
 *     whole seconds, at least one
 * @param maxFileBytes the largest file the spec tree will read into memory; a desired-state
 *     repository holds YAML and templates, so anything bigger is a mistake (or an attack)
 */
public record SourceOptions(Duration timeout, long maxFileBytes) {

    /** Thirty seconds: long enough for a slow link, short enough that a hung remote is noticed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** One MiB per file. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1024L * 1024L;

    public SourceOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("source timeout must be at least one second: " + timeout);
        }
        if (timeout.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("source timeout is too long: " + timeout);
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
    }

    /** {@link #DEFAULT_TIMEOUT} and {@link #DEFAULT_MAX_FILE_BYTES}. */
    public static SourceOptions defaults() {
        return new SourceOptions(DEFAULT_TIMEOUT, DEFAULT_MAX_FILE_BYTES);
    }
}
