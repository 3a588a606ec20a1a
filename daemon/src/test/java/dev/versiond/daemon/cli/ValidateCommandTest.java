package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path repo;

    private String out = "";
    private String err = "";

    private int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    private void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void validRepository() throws IOException {
        write("components/web/component.yaml", "kind: Component\nname: web\n");
        write("components/web/migrations/1.0.0.yaml", """
                kind: Migration
                version: 1.0.0
                up:
                  - id: start
                    service: { unit: web.service, action: start }
                """);
        write("targets/prod.yaml", """
                kind: Target
                name: prod
                components:
                  web: { version: 1.0.0 }
                """);
    }

    @Test
    void validRepositoryExitsZeroWithASummary() throws IOException {
        validRepository();

        int code = run("validate", repo.toString());

        assertThat(code).isZero();
        assertThat(out).contains("0 error(s), 0 warning(s) in 0 file(s) (1 component(s), 1 target(s) checked)");
    }

    @Test
    void warningsAloneStillExitZero() throws IOException {
        validRepository();
        write("stray.yaml", "a: 1\n");

        int code = run("validate", repo.toString());

        assertThat(code).isZero();
        assertThat(out).contains("stray.yaml:1:1: warning: ").contains("0 error(s), 1 warning(s) in 1 file(s)");
    }

    @Test
    void errorsArePrintedWithRelativePathLineAndColumnAndExitOne() throws IOException {
        validRepository();
        write("targets/prod.yaml", """
                kind: Target
                name: prod
                components:
                  web: { version: 1.0.0 }
                selfHael: true
                """);

        int code = run("validate", repo.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out).contains("targets/prod.yaml:5:1: error: unknown key 'selfHael'")
                .contains("did you mean 'selfHeal'?")
                .contains("1 error(s), 0 warning(s) in 1 file(s)");
        assertThat(out + err).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void jsonFormatReportsEveryDiagnosticAsAnObject() throws IOException {
        validRepository();
        write("components/web/migrations/1.0.0.yaml", """
                kind: Migration
                version: 1.0.0
                up:
                  - id: start
                    service: { unit: web.service, action: strat }
                """);

        int code = run("validate", repo.toString(), "--format", "json");

        assertThat(code).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("warnings").asInt()).isZero();
        JsonNode d = json.get("diagnostics").get(0);
        assertThat(d.get("file").asText()).isEqualTo("components/web/migrations/1.0.0.yaml");
        assertThat(d.get("line").asInt()).isEqualTo(5);
        assertThat(d.get("column").asInt()).isEqualTo(43);
        assertThat(d.get("severity").asText()).isEqualTo("error");
        assertThat(d.get("message").asText()).contains("'strat'").contains("did you mean 'start'?");
    }

    @Test
    void jsonOfAValidRepositorySaysValid() throws IOException {
        validRepository();

        int code = run("validate", "--format=json", repo.toString());

        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("diagnostics")).isEmpty();
    }

    @Test
    void missingDirectoryArgumentIsAUsageError() {
        assertThat(run("validate")).isEqualTo(64);
        assertThat(err).contains("DIR");
    }

    @Test
    void nonexistentDirectoryIsAUsageError() {
        assertThat(run("validate", repo.resolve("nope").toString())).isEqualTo(64);
        assertThat(err).contains("not a directory");
    }

    @Test
    void unknownFormatIsAUsageError() throws IOException {
        validRepository();
        assertThat(run("validate", repo.toString(), "--format", "xml")).isEqualTo(64);
    }
}
