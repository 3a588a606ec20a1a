package dev.versiond.spec.load;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one file yields on its own, before anything is checked across files: the cached unit.
 * It depends only on the file's path and bytes. File steps in it still carry placeholder template
 * texts, filled in per load from {@link #templates()}.
 *
 * <p>The model is built as far as the file could be read, even when it has errors, so that the
 * rules across files still check what is there; only a file without errors is used in a desired state.
 *
 * @param component a component.yaml's component (with no migrations yet)
 * @param migration a migration file's migration, when its version could be read
 * @param target a target file's target
 * @param anchor where cross-file problems about the file are reported (a migration's version value)
 * @param selectorRead false when a target's selector had errors (it is then left out of the overlap rule)
 * @param versionPositions a target's {@code version:} values, by the position of their component entry
 */
record ParsedFile(Optional<Component> component, Optional<Migration> migration, Optional<Target> target,
                  Position anchor, boolean selectorRead, Map<Position, Position> versionPositions,
                  List<TemplateUse> templates, List<Diagnostic> diagnostics) {
    ParsedFile {
        versionPositions = Map.copyOf(versionPositions);
        templates = List.copyOf(templates);
        diagnostics = List.copyOf(diagnostics);
    }

    static ParsedFile failed(Problems problems) {
        return new ParsedFile(Optional.empty(), Optional.empty(), Optional.empty(),
                Position.startOf(problems.file()), true, Map.of(), List.of(),
                problems.diagnostics());
    }

    boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
