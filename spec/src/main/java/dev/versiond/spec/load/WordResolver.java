package dev.versiond.spec.load;

import java.util.Set;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's YAML 1.1 {@link Resolver}, answering most plain scalars by a set lookup instead of
 * regular expressions, with the same tag for every input.
 *
 * <p>The stock resolver picks the regular expressions to try by a scalar's first character (digits,
 * signs and '.' for numbers and timestamps, the first letters of the boolean and null words, and
 * {@code ~ < ! & *}), then tries the null patterns ({@code ~ null Null NULL}, a single space, empty)
 * for every scalar. So a plain scalar that starts with any other character, or with one of the
 * letters, is a boolean exactly when it is one of the {@link #BOOLEANS} words, null exactly when it
 * is one of the {@link #NULLS} words, and a string otherwise. The same holds for a sign followed by
 * a letter: every number pattern needs a digit or '.' after the sign. Everything else (numbers,
 * versions, timestamps, the special characters, quoted scalars) is left to the stock resolver.
 * Most scalars of a desired state (keys, ids, paths, words) start with a letter or '/', and the
 * regular expressions were a tenth of the time spent loading.
 */
final class WordResolver extends Resolver {
    /** Words of {@link Resolver#BOOL}. */
    static final Set<String> BOOLEANS = Set.of("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
            "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");
    /** Words of {@link Resolver#NULL} that start with a letter. */
    static final Set<String> NULLS = Set.of("null", "Null", "NULL");

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind == NodeId.scalar && implicit && !value.isEmpty() && byWords(value)) {
            // The words' lengths and first letters: most keys and paths are strings without being hashed.
            if (value.length() < 2 || value.length() > 5 || "yYnNtTfFoO".indexOf(value.charAt(0)) < 0) {
                return Tag.STR;
            }
            return BOOLEANS.contains(value) ? Tag.BOOL : NULLS.contains(value) ? Tag.NULL : Tag.STR;
        }
        return super.resolve(kind, value, implicit);
    }

    /** Whether no pattern but the words can match: see the class comment. */
    private static boolean byWords(String value) {
        char first = value.charAt(0);
        if (first == '-' || first == '+') {
            return value.length() > 1 && isLetter(value.charAt(1));
        }
        return "0123456789.~<!&* ".indexOf(first) < 0;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
