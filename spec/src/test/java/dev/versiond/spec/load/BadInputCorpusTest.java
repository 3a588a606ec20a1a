package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.tree.DirectoryTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: every case is the valid baseline with one defect, and the loader must
 * report exactly the diagnostics its {@code expect.txt} lists — file, line, column and message —
 * with no other error, and must then give no desired state. See {@link CorpusCase} for the format.
 */
class BadInputCorpusTest {

    /** Loading a case must never take long, however hostile the input (a billion laughs, a huge file). */
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(5);

    @TempDir
    Path scratch;

    static List<CorpusCase> cases() {
        return CorpusCase.all();
    }

    @Test
    void baselineLoadsWithoutAnyDiagnostic() {
        LoadResult result = new SpecLoader().load(DirectoryTree.of(CorpusCase.baseline()));

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.state()).hasValueSatisfying(state -> {
            assertThat(state.components()).containsOnlyKeys("app", "db");
            assertThat(state.components().get("app").migrations()).hasSize(2);
            assertThat(state.targets()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("prod"));
        });
    }

    @Test
    void corpusCoversEnoughCasesAndEveryCaseExpectsSomething() {
        List<CorpusCase> all = cases();

        assertThat(all).hasSizeGreaterThanOrEqualTo(45);
        assertThat(all).allSatisfy(c -> assertThat(c.expected()).as(c.name()).isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loaderReportsExactlyTheExpectedDiagnostics(CorpusCase corpusCase) throws Exception {
        Path repository = corpusCase.materialise(scratch);

        LoadResult result = assertTimeoutPreemptively(LOAD_LIMIT,
                () -> new SpecLoader().load(DirectoryTree.of(repository)));

        List<Diagnostic> unmatched = new ArrayList<>(result.diagnostics());
        List<CorpusCase.Expected> missing = new ArrayList<>();
        for (CorpusCase.Expected expected : corpusCase.expected()) {
            Diagnostic match = unmatched.stream().filter(d -> expected.matches(d.severity().label(),
                    d.position().file(), d.position().line(), d.position().column(), d.message())).findFirst().orElse(null);
            if (match == null) {
                missing.add(expected);
            } else {
                unmatched.remove(match);
            }
        }
        List<Diagnostic> extra = unmatched.stream()
                .filter(d -> d.isError() || corpusCase.listsWarnings())
                .toList();
        String report = "actual diagnostics of " + corpusCase.name() + ":\n" + result.diagnostics().stream()
                .map(d -> "  " + d).collect(Collectors.joining("\n"));

        assertThat(missing).as("expected but not reported; " + report).isEmpty();
        assertThat(extra).as("reported but not expected; " + report).isEmpty();
        if (corpusCase.expectsErrors()) {
            assertThat(result.state()).as("a desired state with errors must not be usable").isEmpty();
        } else {
            assertThat(result.state()).as("warnings alone leave the desired state usable").isPresent();
        }
    }
}
