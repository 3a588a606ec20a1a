package dev.versiond.spec.validate;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?" for misspelt keys and names: the closest candidate by edit distance (≤ 2) or prefix. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The best candidate for a misspelt word, if one is close enough. */
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
        if (best != null && bestDistance <= 2 && bestDistance < Math.max(bad.length(), 1)) {
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
