package dev.versiond.daemon.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void everyOccurrenceOfEverySecretIsMasked() {
        Redactor r = Redactor.of(List.of("hunter2", "tok-9"));

        assertThat(r.mask("password=hunter2 token=tok-9 again hunter2"))
                .isEqualTo("password=****** token=****** again ******");
        assertThat(r.mask(Optional.of("x hunter2"))).contains("x ******");
    }

    @Test
    void aLongerSecretContainingAShorterOneIsMaskedWhole() {
        Redactor r = Redactor.of(List.of("abc", "abcdef"));

        assertThat(r.mask("v=abcdef")).isEqualTo("v=******");
    }

    @Test
    void shortSecretsAreMaskedTooAtTheCostOfMaskingInnocentText() {
        Redactor r = Redactor.of(List.of("ab"));

        assertThat(r.mask("tab: ab")).isEqualTo("t******: ******");
    }

    @Test
    void noSecretsMeansTextIsUnchanged() {
        assertThat(Redactor.of(List.of("")).mask("anything")).isEqualTo("anything");
        assertThat(Redactor.none().isEmpty()).isTrue();
    }
}
