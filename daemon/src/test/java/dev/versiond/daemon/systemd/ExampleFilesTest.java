package dev.versiond.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The files of examples/fleet that no loader checks: the app they install, and the editor modelines. */
class ExampleFilesTest {
    private final Path fleet = RepositoryFiles.file("examples/fleet");

    @Test
    void theFleetInstallsTheAppOfExamplesApp() throws IOException {
        Path installed = fleet.resolve("components/cms-backend/templates/CmsServer.java");

        assertThat(Files.readString(installed)).isEqualTo(Files.readString(RepositoryFiles.file("examples/app/CmsServer.java")));
        // It is rendered as a template: a {{ in the Java source would be taken for a variable.
        assertThat(Files.readString(installed)).doesNotContain("{{");
    }

    @Test
    void everyYamlFilePointsTheEditorAtTheSchemaOfItsKind() throws IOException {
        List<Path> yamls;
        try (Stream<Path> files = Files.walk(fleet)) {
            yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(yamls).hasSizeGreaterThanOrEqualTo(10);

        for (Path yaml : yamls) {
            List<String> lines = Files.readAllLines(yaml);
            String kind = lines.stream().filter(l -> l.startsWith("kind: ")).findFirst()
                    .map(l -> l.substring("kind: ".length()).strip().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> new AssertionError("no kind: in " + yaml));
            String prefix = "# yaml-language-server: $schema=";
            assertThat(lines.get(0)).as("first line of %s", yaml).startsWith(prefix);

            Path schema = yaml.getParent().resolve(lines.get(0).substring(prefix.length())).normalize();

            assertThat(schema).as("schema of %s", yaml).isEqualTo(RepositoryFiles.root().resolve("schemas/" + kind + ".schema.json"));
        }
    }
}
