package dev.versiond.daemon.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.daemon.plan.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriorJsonTest {
    private static final byte[] CONTENT = "password=hunter2-long-secret\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSensitiveFilePriorKeepsExistenceModeAndHashButNotTheContent() {
        String json = PriorJson.writeSensitive(new Prior.FileState(Optional.of(CONTENT), 0600)).orElseThrow();

        assertThat(json).doesNotContain("hunter2").doesNotContain(Base64.getEncoder().encodeToString(CONTENT))
                .doesNotContain("content");
        assertThat(PriorJson.sensitive(Optional.of(json))).contains(
                new PriorJson.SensitiveFile(true, 0600, Optional.of(Fingerprints.sha256(CONTENT))));
    }

    @Test
    void aSensitivePriorOfAnExistingFileCannotBeReadAsIfTheFileWereAbsent() {
        Optional<String> json = PriorJson.writeSensitive(new Prior.FileState(Optional.of(CONTENT), 0600));

        assertThatThrownBy(() -> PriorJson.read(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("re-rendered");
    }

    @Test
    void aSensitivePriorOfAnAbsentFileReadsAsAbsentSoTheUndoDeletesIt() {
        Optional<String> json = PriorJson.writeSensitive(new Prior.FileState(Optional.empty(), 0644));

        assertThat(PriorJson.read(json)).isEqualTo(new Prior.FileState(Optional.empty(), 0644));
    }

    @Test
    void linkPriorsAndPlainFilePriorsAreWrittenAsBefore() {
        Prior link = new Prior.LinkState(Optional.of("releases/1.0.0"));

        assertThat(PriorJson.writeSensitive(link)).isEqualTo(PriorJson.write(link));
        assertThat(PriorJson.sensitive(PriorJson.write(new Prior.FileState(Optional.of(CONTENT), 0644)))).isEmpty();
    }

    @Test
    void filePriorsRoundTripWithTheirContentAndMode() {
        Optional<String> json = PriorJson.write(new Prior.FileState(Optional.of(CONTENT), 0640));

        assertThat(json).contains("{\"type\":\"file\",\"content\":\"" + Base64.getEncoder().encodeToString(CONTENT)
                + "\",\"mode\":416}");
        Prior.FileState read = (Prior.FileState) PriorJson.read(json);
        assertThat(read.content()).hasValueSatisfying(c -> assertThat(c).isEqualTo(CONTENT));
        assertThat(read.mode()).isEqualTo(0640);
        assertThat(PriorJson.read(PriorJson.write(new Prior.FileState(Optional.empty(), 0600))))
                .isEqualTo(new Prior.FileState(Optional.empty(), 0600));
    }

    @Test
    void linkPriorsRoundTripAndNothingIsWrittenForNothing() {
        assertThat(PriorJson.write(new Prior.LinkState(Optional.of("releases/1.0.0"))))
                .contains("{\"type\":\"link\",\"target\":\"releases/1.0.0\"}");
        assertThat(PriorJson.read(PriorJson.write(new Prior.LinkState(Optional.of("releases/1.0.0")))))
                .isEqualTo(new Prior.LinkState(Optional.of("releases/1.0.0")));
        assertThat(PriorJson.read(PriorJson.write(new Prior.LinkState(Optional.empty()))))
                .isEqualTo(new Prior.LinkState(Optional.empty()));
        assertThat(PriorJson.write(Prior.nothing())).isEmpty();
        assertThat(PriorJson.read(Optional.empty())).isEqualTo(Prior.nothing());
    }

    @Test
    void whatOlderVersionsRecordedIsStillReadAndUnknownFieldsAreIgnored() {
        assertThat(PriorJson.read(Optional.of("{\"type\":\"link\",\"target\":\"a\",\"extra\":{\"x\":[1,2]}}")))
                .isEqualTo(new Prior.LinkState(Optional.of("a")));
        assertThat(PriorJson.read(Optional.of("{\"type\":\"file\"}")))
                .as("a file prior without a mode had the default mode")
                .isEqualTo(new Prior.FileState(Optional.empty(), 0644));
    }

    @Test
    void aCorruptRecordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> PriorJson.read(Optional.of("{\"type\":\"file\",\"content\":\"c2VjcmV0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("recorded prior state is not JSON")
                .hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> PriorJson.read(Optional.of("[\"file\"]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recorded prior state is not a JSON object");
    }
}
