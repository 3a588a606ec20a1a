package dev.versiond.spec.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
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

    /**
     * Why the text is not a constraint in npm range syntax (e.g. "'<' has no version after it"), or
     * empty when it is one. Asked only for a text {@link #tryParse} refused, to say what is wrong.
     */
    public static Optional<String> problem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("it is empty");
        }
        String syntax = syntaxProblem(text.strip());
        if (syntax != null) {
            return Optional.of(syntax);
        }
        return tryParse(text).isPresent() ? Optional.empty() : Optional.of("no version satisfies it");
    }

    private static final Pattern PARTIAL = Pattern.compile("(?:[xX*]|0|[1-9][0-9]*)(?:\\.(?:[xX*]|0|[1-9][0-9]*)"
            + "(?:\\.(?:[xX*]|0|[1-9][0-9]*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?"
            + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?)?");
    /** Longest first, so that '>=' is not read as '>' followed by '=1.0.0'. */
    private static final List<String> OPERATORS = List.of(">=", "<=", ">", "<", "=", "~", "^");

    /**
     * The npm range grammar, checked before semver4j reads the text: its factory silently drops what
     * it cannot read, so '>=1.0.0 <' would mean '>=1.0.0' and '>=1.0.0 foo' would too.
     * Alternatives are separated by '||'; each is a hyphen range 'A - B' or comparators separated by
     * spaces, each an optional operator (a space after it is allowed) and a partial version.
     */
    private static String syntaxProblem(String text) {
        for (String alternative : text.split("\\|\\|", -1)) {
            String[] words = alternative.strip().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                return "'||' must have a range on both sides";
            }
            if (words.length == 3 && words[1].equals("-")) {
                for (String end : List.of(words[0], words[2])) {
                    if (!PARTIAL.matcher(end).matches()) {
                        return "'" + end + "' in the hyphen range '" + alternative.strip() + "' is not a version";
                    }
                }
                continue;
            }
            for (int i = 0; i < words.length; i++) {
                String word = words[i];
                String operator = OPERATORS.stream().filter(word::startsWith).findFirst().orElse("");
                String version = word.substring(operator.length());
                if (version.isEmpty() && !operator.isEmpty()) {
                    if (i + 1 == words.length || OPERATORS.stream().anyMatch(words[i + 1]::startsWith)) {
                        return "'" + operator + "' has no version after it";
                    }
                    version = words[++i];
                }
                if (word.equals("-")) {
                    return "'-' must have a version on both sides (a hyphen range is 'A - B')";
                }
                if (!PARTIAL.matcher(version).matches()) {
                    return "'" + version + "' is not a version (expected e.g. 1.2.0, 1.2, 1.x or *)";
                }
            }
        }
        return null;
    }

    private static Optional<VersionConstraint> read(String text) {
        if (syntaxProblem(text.strip()) != null) {
            return Optional.empty();
        }
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
