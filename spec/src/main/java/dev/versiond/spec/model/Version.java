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

    /** The largest major, minor or patch number accepted: semver4j keeps each in an {@code int}. */
    public static final long MAX_NUMBER = Integer.MAX_VALUE;

    /**
     * For a text that is a SemVer 2.0.0 version but is refused by {@link #tryParse} because a number of
     * it is too large (SemVer sets no bound), what is too large: "major version 12345678901234567890
     * exceeds the supported maximum 2147483647". Empty for every other text.
     */
    public static Optional<String> boundProblem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '-' || text.charAt(i) == '+') {
                end = i;
                break;
            }
        }
        String[] parts = text.substring(0, end).split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        String[] names = {"major", "minor", "patch"};
        for (int i = 0; i < 3; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 1 && p.charAt(0) == '0' || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < 3; i++) {
            if (parts[i].length() > 10 || Long.parseLong(parts[i]) > MAX_NUMBER) {
                return Optional.of(names[i] + " version " + parts[i] + " exceeds the supported maximum " + MAX_NUMBER);
            }
        }
        return Optional.empty();
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
