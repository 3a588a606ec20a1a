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
 * @param credentials how to authenticate to the remote and check its identity
 * @param signatures which commits must be signed, by which keys
 * @param fetchLimits how many bytes and how long one fetch may take
 */
public record SourceOptions(Duration timeout, long maxFileBytes, Credentials credentials, SignaturePolicy signatures,
                            FetchLimits fetchLimits) {

    /** Thirty seconds: long enough for a slow link, short enough that a hung remote is noticed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** One MiB per file. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1024L * 1024L;

    public SourceOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(signatures, "signatures");
        Objects.requireNonNull(fetchLimits, "fetchLimits");
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

    /** No credentials, no signature checks, the default fetch limits. */
    public SourceOptions(Duration timeout, long maxFileBytes) {
        this(timeout, maxFileBytes, Credentials.none(), SignaturePolicy.off(), FetchLimits.defaults());
    }

    /** {@link #DEFAULT_TIMEOUT} and {@link #DEFAULT_MAX_FILE_BYTES}, no credentials, no signature checks. */
    public static SourceOptions defaults() {
        return new SourceOptions(DEFAULT_TIMEOUT, DEFAULT_MAX_FILE_BYTES);
    }

    /** These limits with {@code credentials} and {@code signatures}. */
    public SourceOptions with(Credentials credentials, SignaturePolicy signatures) {
        return new SourceOptions(timeout, maxFileBytes, credentials, signatures, fetchLimits);
    }

    /** These options with {@code limits} on each fetch. */
    public SourceOptions with(FetchLimits limits) {
        return new SourceOptions(timeout, maxFileBytes, credentials, signatures, limits);
    }
}
