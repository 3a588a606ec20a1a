package dev.versiond.spec.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionConstraintTest {

    @ParameterizedTest
    @ValueSource(strings = {">=2.3.0", "^1.2.0", "~1.4", ">=1.0.0 <2.0.0", "1.x", "*", ">= 1.0.0", "=1.2.3",
            "1.2.3 - 2.0.0", "^1.0.0 || ^2.0.0", ">=1.0.0-rc.1", "1.2.3+build.5", "x"})
    void npmRangesAreAccepted(String text) {
        assertThat(VersionConstraint.tryParse(text)).as(text).isPresent();
        assertThat(VersionConstraint.problem(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ">=1.0.0 <         | '<' has no version after it",
            "<                 | '<' has no version after it",
            ">= <2.0.0         | '>=' has no version after it",
            ">=1.0.0 foo       | 'foo' is not a version",
            ">=1.0.0 <<2       | '<2' is not a version",
            "'>=1.0.0 || '     | '||' must have a range on both sides",
            "1.0.0 -           | '-' must have a version on both sides",
            "v1.2.3            | 'v1.2.3' is not a version",
            "garbage           | 'garbage' is not a version"})
    void whatSemver4jWouldSilentlyDropIsRefusedWithTheReason(String text, String reason) {
        assertThat(VersionConstraint.tryParse(text)).as(text).isEmpty();
        assertThat(VersionConstraint.problem(text)).hasValueSatisfying(p -> assertThat(p).startsWith(reason));
    }
}
