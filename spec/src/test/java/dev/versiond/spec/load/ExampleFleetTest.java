package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.tree.DirectoryTree;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example repository the README's first command runs against must stay valid. */
class ExampleFleetTest {
    /** Surefire runs in the module directory; {@code -Dversiond.examples=DIR} points elsewhere. */
    private static final Path FLEET = Path.of(System.getProperty("versiond.examples", "../examples"), "fleet");

    @Test
    void theExampleFleetValidatesWithoutErrors() {
        assertThat(Files.isDirectory(FLEET)).as(FLEET.toAbsolutePath() + " exists").isTrue();

        LoadResult result = new SpecLoader().load(DirectoryTree.of(FLEET));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(result.state()).hasValueSatisfying(state -> {
            assertThat(state.components()).isNotEmpty();
            assertThat(state.targets()).isNotEmpty();
            assertThat(state.targets()).filteredOn(t -> t.name().equals("prod")).singleElement()
                    .satisfies(prod -> assertThat(prod.rollout().flatMap(r -> r.gate())).as("prod's gate")
                            .hasValueSatisfying(g -> {
                                assertThat(g.minHealthyPercent()).isEqualTo(90);
                                assertThat(g.errorBudget()).isEqualTo(new dev.versiond.spec.model.RolloutGate.ErrorBudget(5, true));
                                assertThat(g.minReporters()).isEqualTo(2);
                            }));
        });
    }
}
