package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schemas of the three kinds (for editors, through yaml-language-server modelines) are
 * shipped in the jar under {@code schemas/}, are valid draft 2020-12 schemas, accept every file of
 * the valid repositories we have, and reject what the loader rejects for the same reason.
 */
class SchemasTest {
    private static final List<String> KINDS = List.of("component", "migration", "target");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** A repository the examples helper maintains; included when present. */
    private static final Path EXAMPLES = Path.of("..", "examples", "fleet");

    private static JsonSchema schema(String kind) {
        // From the classpath, as packaged: proves the jar carries them and that their relative $refs resolve.
        return FACTORY.getSchema(SchemaLocation.of("classpath:schemas/" + kind + ".schema.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"component", "migration", "target"})
    void schemaIsShippedAndValidAgainstTheDraft202012MetaSchema(String kind) throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (InputStream in = SchemasTest.class.getResourceAsStream("/schemas/" + kind + ".schema.json")) {
            assertThat(in).as("schemas/" + kind + ".schema.json on the classpath").isNotNull();
            JsonNode schemaNode = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);

            assertThat(meta.validate(schemaNode)).isEmpty();
            assertThat(schemaNode.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schemaNode.path("additionalProperties").asBoolean(true)).as("strict at the top").isFalse();
        }
        schema(kind).initializeValidators();
    }

    static Stream<Arguments> validFiles() throws IOException {
        Stream<Arguments> baseline = yamlFiles(CorpusCase.baseline());
        return Files.isDirectory(EXAMPLES) ? Stream.concat(baseline, yamlFiles(EXAMPLES)) : baseline;
    }

    private static Stream<Arguments> yamlFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(rel -> kindOf(rel) != null)
                    .sorted()
                    .map(rel -> Arguments.of(root.normalize() + ":" + rel, root.resolve(rel)))
                    .toList().stream();
        }
    }

    /** The kind a file must be by where it lives, or null when it is not part of the desired state. */
    private static String kindOf(String relative) {
        if (relative.matches("components/[^/]+/component\\.yaml")) {
            return "component";
        }
        if (relative.matches("components/[^/]+/migrations/[^/]+\\.yaml")) {
            return "migration";
        }
        if (relative.matches("targets/[^/]+\\.yaml")) {
            return "target";
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void everyFileOfAValidRepositoryValidates(String name, Path file) throws IOException {
        String relative = name.substring(name.indexOf(':') + 1);
        JsonNode document = YAML.readTree(file.toFile());

        Set<ValidationMessage> problems = schema(kindOf(relative)).validate(document);

        assertThat(problems).as(name).isEmpty();
    }

    @Test
    void examplesAreCoveredWhenTheyExist() throws IOException {
        long baselineFiles = yamlFiles(CorpusCase.baseline()).count();
        assertThat(baselineFiles).as("component, migration and target files of the baseline").isEqualTo(6);
        if (Files.isDirectory(EXAMPLES)) {
            assertThat(yamlFiles(EXAMPLES).count()).as("YAML files under examples/fleet").isPositive();
        }
    }

    static Stream<Arguments> badDocuments() {
        return Stream.of(
                Arguments.of("unknown top-level key", "migration",
                        "kind: Migration\nverison: 1.0.0\nup: [{id: a, link: {path: /a, target: /b}}]\n", "verison"),
                Arguments.of("unknown key in a step", "migration",
                        "kind: Migration\nversion: 1.0.0\nup: [{id: a, timout: 5m, link: {path: /a, target: /b}}]\n", "timout"),
                Arguments.of("bad service action", "migration",
                        "kind: Migration\nversion: 1.0.0\nup: [{id: a, service: {unit: a.service, action: reboot}}]\n", "action"),
                Arguments.of("command without shell: true", "migration",
                        "kind: Migration\nversion: 1.0.0\nup: [{id: a, run: {command: 'echo hi', idempotent: true}}]\n", "shell"),
                Arguments.of("two step kinds", "migration",
                        "kind: Migration\nversion: 1.0.0\nup: [{id: a, link: {path: /a, target: /b}, service: {unit: a.service, action: start}}]\n", "only one"),
                Arguments.of("version with a v prefix", "migration",
                        "kind: Migration\nversion: v1.0.0\nup: [{id: a, link: {path: /a, target: /b}}]\n", "version"),
                Arguments.of("run step in preflight", "migration",
                        "kind: Migration\nversion: 1.0.0\npreflight: [{id: p, run: {argv: ['true'], idempotent: true}}]\nup: [{id: a, link: {path: /a, target: /b}}]\n", "check"),
                Arguments.of("traversal in a host path", "migration",
                        "kind: Migration\nversion: 1.0.0\nup: [{id: a, file: {path: /opt/../etc/passwd, content: x}}]\n", "path"),
                Arguments.of("mode that is not octal", "component",
                        "kind: Component\nname: app\nconfig: {files: [{id: c, file: {path: /etc/a, content: x, mode: '999'}}]}\n", "mode"),
                Arguments.of("duration in words", "target",
                        "kind: Target\nname: prod\ncomponents: {app: {version: 1.0.0}}\nrollout: {waves: [100], bake: 5 minutes}\n", "bake"),
                Arguments.of("list where a map is expected", "target",
                        "kind: Target\nname: prod\ncomponents: [app]\n", "components"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void schemaRejectsABadDocument(String why, String kind, String yaml, String mentioned) {
        Set<ValidationMessage> problems = schema(kind).validate(yamlToJson(yaml), InputFormat.JSON);

        assertThat(problems).as(why).isNotEmpty();
        assertThat(problems).as(why).anySatisfy(p -> assertThat(p.toString()).containsIgnoringCase(mentioned));
    }

    private static String yamlToJson(String yaml) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyKindHasASchema() {
        assertThat(KINDS).allSatisfy(k -> assertThat(SchemasTest.class.getResource("/schemas/" + k + ".schema.json")).isNotNull());
    }
}
