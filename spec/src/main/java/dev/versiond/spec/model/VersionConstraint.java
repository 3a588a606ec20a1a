package dev.versiond.spec.model;

import java.util.Objects;
import java.util.Optional;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;

/**
 * A version constraint on a dependency, in npm range syntax: {@code >=2.3.0}, {@code ^1.2.0},
 * {@code ~1.4}, {@code >=1.0.0 <2.0.0}, {@code 1.x}, {@code *}.
 */
public final class VersionConstraint {
    private final String text;
    private final RangesList ranges;

    private VersionConstraint(String text, RangesList ranges) {
        this.text = text;
        this.ranges = ranges;
    }

    /** Any version satisfies it. */
    public static VersionConstraint any() {
        return parse("*");
    }

    private static final ParsedTexts<VersionConstraint> PARSED = new ParsedTexts<>(4096, VersionConstraint::read);

    public static Optional<VersionConstraint> tryParse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return PARSED.parse(text);
    }

    private static Optional<VersionConstraint> read(String text) {
        try {
            RangesList ranges = RangesListFactory.create(text.strip());
            // The factory is lenient: it turns garbage into an empty list that nothing satisfies.
            if (ranges.get().isEmpty() && !text.strip().equals("*")) {
                return Optional.empty();
            }
            return Optional.of(new VersionConstraint(text.strip(), ranges));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static VersionConstraint parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a version constraint (expected e.g. >=2.3.0, ^1.2.0, >=1.0.0 <2.0.0)"));
    }

    public boolean isSatisfiedBy(Version version) {
        return ranges.isSatisfiedBy(version.semver());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionConstraint c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
