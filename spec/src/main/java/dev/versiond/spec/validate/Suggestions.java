package dev.versiond.spec.validate;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean …?" for misspelt keys and names, in spec files and in the agent's configuration alike.
 *
 * <p>A candidate is suggested when it is at most {@value #MAX_EDITS} edits (Levenshtein, ignoring case) from
 * the misspelt word, and fewer edits than the word has letters (so {@code x} does not suggest {@code y});
 * ties go to the alphabetically first candidate. Failing that, a candidate the word is a prefix of, or that
 * is a prefix of the word, is suggested if the word has at least two letters ({@code time} → {@code timeout}).
 * The threshold is fixed rather than relative to the length: a longer allowance turns long names into
 * suggestions for unrelated words.
 */
public final class Suggestions {
    /** The most edits (insertions, deletions, substitutions) a suggestion may be away from the misspelt word. */
    public static final int MAX_EDITS = 2;

    private Suggestions() {
    }

    /** The best candidate for a misspelt word, if one is close enough (see the class comment). */
    public static Optional<String> closest(String bad, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(bad.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || d == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= MAX_EDITS && bestDistance < Math.max(bad.length(), 1)) {
            return Optional.of(best);
        }
        for (String candidate : candidates) {
            if (bad.length() >= 2 && (candidate.startsWith(bad) || bad.startsWith(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code " (did you mean 'x'?)"} or the empty string. */
    public static String didYouMean(String bad, Collection<String> candidates) {
        return closest(bad, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
