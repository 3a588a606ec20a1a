package dev.versiond.spec.model;

import java.util.Objects;
import java.util.Optional;
import org.semver4j.Semver;

/**
 * A Semantic Versioning 2.0.0 version, ordered by SemVer precedence (pre-releases before the
 * release, numeric identifiers numerically, build metadata ignored for ordering). Two versions
 * that differ only in build metadata have equal precedence and are treated as the same version.
 */
public final class Version implements Comparable<Version> {
    private final String text;
    private final Semver semver;

    private Version(String text, Semver semver) {
        this.text = text;
        this.semver = semver;
    }

    private static final ParsedTexts<Version> PARSED = new ParsedTexts<>(4096, Version::read);

    /** Parses strictly: {@code 1.2.3}, {@code 1.2.3-rc.1}, {@code 1.2.3+build.5}; no {@code v} prefix. */
    public static Optional<Version> tryParse(String text) {
        if (text == null || text.isEmpty() || !text.equals(text.strip())) {
            return Optional.empty();
        }
        return PARSED.parse(text);
    }

    private static Optional<Version> read(String text) {
        Semver parsed = Semver.parse(text);
        if (parsed == null || !parsed.getVersion().equals(text)) {
            return Optional.empty();
        }
        return Optional.of(new Version(text, parsed));
    }

    /** @throws IllegalArgumentException naming the text when it is not a SemVer 2.0.0 version */
    public static Version parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a Semantic Versioning 2.0.0 version (expected MAJOR.MINOR.PATCH, e.g. 1.2.0)"));
    }

    Semver semver() {
        return semver;
    }

    @Override
    public int compareTo(Version other) {
        return semver.compareTo(other.semver);
    }

    public boolean isAfter(Version other) {
        return compareTo(other) > 0;
    }

    public boolean isBefore(Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(semver.getMajor(), semver.getMinor(), semver.getPatch(), semver.getPreRelease());
    }

    @Override
    public String toString() {
        return text;
    }
}
