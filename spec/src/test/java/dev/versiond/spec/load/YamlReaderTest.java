package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.diag.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The YAML layer: limits, encoding and the YAML features the desired state refuses. */
class YamlReaderTest {
    private static final String TARGET = "targets/prod.yaml";
    private static final String VALID_TARGET = "kind: Target\nname: prod\ncomponents:\n  db: { version: 1.0.0 }\n";

    private static List<Diagnostic> errorsFor(MapTree tree) {
        return new SpecLoader().load(tree).diagnostics().stream().filter(Diagnostic::isError).toList();
    }

    private static List<Diagnostic> errorsFor(String targetText) {
        return errorsFor(MapTree.sample().with(TARGET, targetText));
    }

    @Test
    void aBillionLaughsDocumentIsRejectedQuicklyWithoutExpandingAliases() {
        StringBuilder yaml = new StringBuilder("kind: Target\nname: prod\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 30; i++) {
            String p = "*a" + (i - 1);
            yaml.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ",
                    List.of(p, p, p, p, p, p, p, p, p))).append("]\n");
        }
        yaml.append("components:\n  db: { version: 1.0.0 }\n");

        long start = System.nanoTime();
        List<Diagnostic> errors = errorsFor(yaml.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo(TARGET);
            assertThat(d.message()).contains("aliases").contains("not allowed");
        });
    }

    @Test
    void anchorsAndAliasesAreRejectedAtTheAnchor() {
        List<Diagnostic> errors = errorsFor(
                "kind: Target\nname: prod\ncomponents:\n  db: &x { version: 1.0.0 }\n  cms: *x\n");

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(TARGET + ":4:7");
            assertThat(d.message()).contains("YAML anchors and aliases are not allowed (&x)");
        });
    }

    @Test
    void aFileLargerThanOneMebibyteIsRejectedBeforeParsing() {
        byte[] big = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(big, (byte) '#');

        List<Diagnostic> errors = errorsFor(MapTree.sample().withBytes(TARGET, big));

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(TARGET + ":1:1");
            assertThat(d.message()).contains("1048577 bytes").contains("limit of 1048576 bytes");
        });
    }

    @Test
    void aMalformedUtf8ByteIsReportedWhereItOccurs() {
        byte[] head = "kind: Target\nname: prod\ncomponents:\n  db: { version: 1.0.0 }\n# caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xE9; // Latin-1 'é', not UTF-8
        bytes[head.length + 1] = '\n';

        List<Diagnostic> errors = errorsFor(MapTree.sample().withBytes(TARGET, bytes));

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(TARGET + ":5:6");
            assertThat(d.message()).contains("not valid UTF-8").contains("0xE9");
        });
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        byte[] text = VALID_TARGET.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);

        assertThat(errorsFor(MapTree.sample().withBytes(TARGET, bytes))).isEmpty();
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        assertThat(errorsFor(VALID_TARGET.replace("\n", "\r\n"))).isEmpty();
    }

    @Test
    void tabsUsedAsIndentationAreRejectedWithAClearMessage() {
        List<Diagnostic> errors = errorsFor("kind: Target\nname: prod\ncomponents:\n\tdb: { version: 1.0.0 }\n");

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(TARGET + ":4:1");
            assertThat(d.message()).startsWith("tabs are not allowed in YAML indentation");
        });
    }

    @Test
    void aSecondDocumentIsRejected() {
        List<Diagnostic> errors = errorsFor(VALID_TARGET + "---\n" + VALID_TARGET);

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo(TARGET);
            assertThat(d.position().line()).isEqualTo(5);
            assertThat(d.message()).contains("only one YAML document per file");
        });
    }

    @Test
    void javaClassTagsAreRejected() {
        List<Diagnostic> errors = errorsFor(
                "kind: Target\nname: prod\ncomponents:\n  db: !!javax.script.ScriptEngineManager [x]\n");

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(TARGET + ":4:7");
            assertThat(d.message()).contains("!!javax.script.ScriptEngineManager").contains("not allowed");
        });
    }

    @Test
    void localTagsAreRejected() {
        List<Diagnostic> errors = errorsFor("kind: Target\nname: !foo prod\ncomponents:\n  db: { version: 1.0.0 }\n");

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(TARGET + ":2:7");
            assertThat(d.message()).contains("'!foo' is not allowed");
        });
    }

    @Test
    void standardTagsAreAccepted() {
        assertThat(errorsFor("kind: Target\nname: !!str prod\ncomponents:\n  db: { version: !!str 1.0.0 }\n")).isEmpty();
    }

    @Test
    void anEmptyFileIsAnError() {
        assertThat(errorsFor("# nothing here\n")).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(TARGET + ":1:1");
            assertThat(d.message()).contains("file is empty");
        });
    }

    @Test
    void brokenSyntaxIsReportedAtTheProblemMark() {
        assertThat(errorsFor("kind: Target\nname: [prod\ncomponents: {}\n")).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo(TARGET);
            assertThat(d.message()).startsWith("invalid YAML: ");
        });
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "[".repeat(60) + "]".repeat(60);
        assertThat(errorsFor("kind: Target\nname: prod\ncomponents:\n  db: { version: 1.0.0, config: { a: " + deep
                + " } }\n")).singleElement().satisfies(d -> assertThat(d.message()).containsIgnoringCase("nesting"));
    }

    @Test
    void symbolicLinksAreReportedAndNotFollowed() {
        List<Diagnostic> errors = errorsFor(MapTree.sample().withSymlink("components/cms/templates/secret"));

        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo("components/cms/templates/secret:1:1");
            assertThat(d.message()).contains("symbolic links are not followed");
        });
    }
}
