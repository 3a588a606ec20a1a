package dev.versiond.spec.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    private static List<Version> parse(String... texts) {
        return java.util.Arrays.stream(texts).map(Version::parse).toList();
    }

    @Test
    void preReleasesAreOrderedAsInTheSemVerSpecification() {
        List<Version> expected = parse("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        for (int i = 0; i + 1 < expected.size(); i++) {
            assertThat(expected.get(i)).as(expected.get(i) + " < " + expected.get(i + 1)).isLessThan(expected.get(i + 1));
        }
        List<Version> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void releasesAreOrderedNumericallyByMajorMinorPatch() {
        List<Version> expected = parse("1.0.0", "2.0.0", "2.1.0", "2.1.1", "2.10.0", "10.0.0");
        List<Version> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(3));
        Collections.sort(shuffled);
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void buildMetadataDoesNotChangePrecedence() {
        assertThat(Version.parse("1.0.0+b.1")).isEqualByComparingTo(Version.parse("1.0.0"));
        assertThat(Version.parse("1.0.0+b.1")).isEqualTo(Version.parse("1.0.0+b.2"));
        assertThat(Version.parse("1.0.0+b.1").hashCode()).isEqualTo(Version.parse("1.0.0").hashCode());
        assertThat(Version.parse("1.0.0-rc.1+b")).isLessThan(Version.parse("1.0.0"));
    }

    @Test
    void numericIdentifiersHaveLowerPrecedenceThanAlphanumericOnes() {
        assertThat(Version.parse("1.0.0-1")).isLessThan(Version.parse("1.0.0-a"));
        assertThat(Version.parse("1.0.0-alpha.1")).isLessThan(Version.parse("1.0.0-alpha.a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", " 1.0.0", "1.0.0.0", "", "latest",
            "1.0.0+", "1.0.0-a..b"})
    void invalidVersionsAreRejected(String text) {
        assertThat(Version.tryParse(text)).as(text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0", "1.2.3", "1.2.3-rc.1", "1.2.3+build.5", "1.2.3-alpha-1.x+001", "10.20.30"})
    void validVersionsAreAcceptedAndPrintedAsWritten(String text) {
        assertThat(Version.tryParse(text)).map(Version::toString).contains(text);
    }
}
