package dev.versiond.spec.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.load.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checksums of steps as loaded from YAML: formatting is not an edit, changing what a step does is. */
class ChecksumsTest {
    private static final String PATH = "components/db/migrations/1.0.0.yaml";

    private static final String ORIGINAL = """
            kind: Migration
            version: 1.0.0
            up:
              - id: install
                run:
                  argv: [apt-get, install, -y, postgresql]
                  env: { A: "1", B: "2" }
                  unless: [dpkg, -s, postgresql]
                  down: [apt-get, remove, -y, postgresql]
                timeout: 5m
              - id: conf
                file: { path: /etc/db.conf, content: "a=1\\nb=2\\n", mode: "0600" }
            """;

    private static List<String> checksums(String migration) {
        return new SpecLoader().load(MapTree.sample().with(PATH, migration)).orThrow().component("db").orElseThrow()
                .migrations().firstEntry().getValue().up().stream().map(Checksums::of).toList();
    }

    @Test
    void reorderingKeysAndReformattingDoesNotChangeTheChecksum() {
        String reordered = """
                version: 1.0.0
                kind: Migration
                up:
                  - timeout: 5m
                    run:
                      down:
                        - apt-get
                        - remove
                        - -y
                        - postgresql
                      unless: [dpkg, -s, postgresql]
                      env:
                        B: "2"
                        A: "1"
                      argv: [apt-get, install, "-y", 'postgresql']
                    id: install
                  - file:
                      mode: "0600"
                      content: "a=1\\nb=2\\n"
                      path: /etc/db.conf
                    id: conf
                """;
        assertThat(checksums(reordered)).isEqualTo(checksums(ORIGINAL));
    }

    @Test
    void crlfLineEndingsDoNotChangeTheChecksum() {
        assertThat(checksums(ORIGINAL.replace("\n", "\r\n"))).isEqualTo(checksums(ORIGINAL));
    }

    @Test
    void crlfInsideContentIsNormalisedToo() {
        assertThat(checksums(ORIGINAL.replace("a=1\\nb=2\\n", "a=1\\r\\nb=2\\r\\n"))).isEqualTo(checksums(ORIGINAL));
    }

    @Test
    void changingArgvChangesTheChecksumOfThatStepOnly() {
        List<String> before = checksums(ORIGINAL);
        List<String> after = checksums(ORIGINAL.replace("[apt-get, install, -y, postgresql]",
                "[apt-get, install, -y, postgresql-16]"));

        assertThat(after.get(0)).isNotEqualTo(before.get(0));
        assertThat(after.get(1)).isEqualTo(before.get(1));
    }

    @Test
    void changingTimeoutModeOrInverseChangesTheChecksum() {
        List<String> before = checksums(ORIGINAL);
        assertThat(checksums(ORIGINAL.replace("timeout: 5m", "timeout: 6m")).get(0)).isNotEqualTo(before.get(0));
        assertThat(checksums(ORIGINAL.replace("[apt-get, remove, -y, postgresql]", "[apt-get, purge, -y, postgresql]"))
                .get(0)).isNotEqualTo(before.get(0));
        assertThat(checksums(ORIGINAL.replace("\"0600\"", "\"0640\"")).get(1)).isNotEqualTo(before.get(1));
    }

    @Test
    void aChecksumCarriesItsAlgorithmVersion() {
        assertThat(checksums(ORIGINAL)).allSatisfy(c -> assertThat(c).matches("v1:sha256:[0-9a-f]{64}"));
    }

    @Test
    void theTemplateTextIsPartOfAFileStepsChecksum() {
        SpecLoader loader = new SpecLoader();
        String before = Checksums.of(loader.load(MapTree.sample()).orThrow().component("cms").orElseThrow()
                .config().files().get(0));
        String after = Checksums.of(loader.load(MapTree.sample().with("components/cms/templates/app.conf.mustache",
                "port={{config.port}}\n")).orThrow().component("cms").orElseThrow().config().files().get(0));
        assertThat(after).isNotEqualTo(before);
    }
}
