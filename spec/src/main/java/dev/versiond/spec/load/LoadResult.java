package dev.versiond.spec.load;

import dev.versiond.spec.SpecException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.DesiredState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What loading a repository found.
 *
 * @param state the desired state, present only when there is no error (warnings allowed)
 * @param diagnostics every error and warning of the whole repository, sorted by file, line and column
 */
public record LoadResult(Optional<DesiredState> state, List<Diagnostic> diagnostics) {
    public LoadResult {
        Objects.requireNonNull(state, "state");
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether any diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return diagnostics.stream().filter(Diagnostic::isError).count();
    }

    public long warningCount() {
        return diagnostics.size() - errorCount();
    }

    /**
     * The desired state, or a {@link SpecException} carrying every diagnostic.
     *
     * @throws SpecException when the repository has errors
     */
    public DesiredState orThrow() {
        return state.orElseThrow(() -> new SpecException(diagnostics));
    }
}
