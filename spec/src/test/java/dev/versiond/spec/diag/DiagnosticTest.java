package dev.versiond.spec.diag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.model.Position;
import org.junit.jupiter.api.Test;

class DiagnosticTest {

    @Test
    void aFileNameOrMessageWithControlCharactersStaysOnOneEscapedLine() {
        Diagnostic d = Diagnostic.error(new Position("targets/a\nb.yaml", 3, 4), "host path '/a\tb\u0000' is bad");

        assertThat(d.toString()).isEqualTo("targets/a\\nb.yaml:3:4: error: host path '/a\\tb\\x00' is bad");
        assertThat(d.position().file()).isEqualTo("targets/a\nb.yaml");
    }

    @Test
    void plainTextIsPrintedAsItIs() {
        assertThat(Position.printable("components/app/component.yaml")).isSameAs("components/app/component.yaml");
        assertThat(Position.printable("C:\\x")).isEqualTo("C:\\x");
    }
}
