package dev.versiond.spec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("interval", "jitter", "timeout", "token-file", "verify");

    @Test
    void aWordAtMostTwoEditsAwaySuggestsTheCandidate() {
        assertThat(Suggestions.closest("intervall", KEYS)).contains("interval");
        assertThat(Suggestions.closest("verfiy", KEYS)).contains("verify");
        assertThat(Suggestions.closest("JITTER", KEYS)).contains("jitter");
    }

    @Test
    void aWordThreeEditsAwaySuggestsNothingHoweverLongTheCandidate() {
        assertThat(Suggestions.closest("tokan-fyle-x", KEYS)).isEmpty();
        assertThat(Suggestions.closest("VERSIOND_INTREVALS",
                List.of("VERSIOND_INTERVAL", "VERSIOND_JITTER"))).isEmpty();
    }

    @Test
    void aPrefixSuggestsTheLongerCandidate() {
        assertThat(Suggestions.closest("token", KEYS)).contains("token-file");
    }

    @Test
    void aOneLetterWordDoesNotSuggestAnotherOneLetterWord() {
        assertThat(Suggestions.closest("x", List.of("y"))).isEmpty();
    }

    @Test
    void theMessageFragmentNamesTheSuggestionOrIsEmpty() {
        assertThat(Suggestions.didYouMean("timout", KEYS)).isEqualTo(" (did you mean 'timeout'?)");
        assertThat(Suggestions.didYouMean("colour", KEYS)).isEmpty();
    }
}
