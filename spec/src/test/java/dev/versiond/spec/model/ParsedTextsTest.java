package dev.versiond.spec.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Texts are parsed once while they are remembered, and no more than the limit are remembered. */
class ParsedTextsTest {

    @Test
    void aTextSeenAgainIsNotParsedAgain() {
        List<String> parsed = new ArrayList<>();
        ParsedTexts<Integer> texts = new ParsedTexts<>(10, t -> {
            parsed.add(t);
            return t.isEmpty() ? Optional.empty() : Optional.of(t.length());
        });

        assertThat(texts.parse("abc")).contains(3);
        assertThat(texts.parse("abc")).contains(3);
        assertThat(texts.parse("")).isEmpty();
        assertThat(texts.parse("")).isEmpty();

        assertThat(parsed).containsExactly("abc", "");
    }

    @Test
    void whenFullItForgetsWhatItRemembered() {
        List<String> parsed = new ArrayList<>();
        ParsedTexts<String> texts = new ParsedTexts<>(2, t -> {
            parsed.add(t);
            return Optional.of(t);
        });

        texts.parse("a");
        texts.parse("b");
        texts.parse("c"); // full: forgets a and b, remembers c
        texts.parse("a");
        texts.parse("c");

        assertThat(parsed).containsExactly("a", "b", "c", "a");
    }

    @Test
    void versionsAndConstraintsParseTheSameTheSecondTime() {
        assertThat(Version.tryParse("1.2.3").map(Version::toString)).contains("1.2.3");
        assertThat(Version.tryParse("1.2.3").map(Version::toString)).contains("1.2.3");
        assertThat(Version.tryParse("v1.2.3")).isEmpty();
        assertThat(Version.tryParse("v1.2.3")).isEmpty();
        assertThat(VersionConstraint.tryParse(">=1.0.0 <2.0.0").map(VersionConstraint::toString))
                .contains(">=1.0.0 <2.0.0");
        assertThat(VersionConstraint.tryParse(" >=1.0.0 ").map(VersionConstraint::toString)).contains(">=1.0.0");
        assertThat(VersionConstraint.tryParse("garbage")).isEmpty();
        assertThat(VersionConstraint.tryParse("garbage")).isEmpty();
    }
}
