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
}
