package dev.versiond.spec.load;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Target;
import java.util.List;
import java.util.Optional;

/**
 * What one file yields on its own, before anything is checked across files: the cached unit.
 * It depends only on the file's path and bytes. File steps in it still carry placeholder template
 * texts, filled in per load from {@link #templates()}.
 *
 * @param component present for a valid component.yaml (with no migrations yet)
 * @param migration present for a valid migration file
 * @param target present for a valid target file
 * @param anchor where cross-file problems about the file are reported (a migration's version value)
 */
record ParsedFile(Optional<Component> component, Optional<Migration> migration, Optional<Target> target,
                  Position anchor, List<TemplateUse> templates, List<Diagnostic> diagnostics) {
    ParsedFile {
        templates = List.copyOf(templates);
        diagnostics = List.copyOf(diagnostics);
    }

    static ParsedFile failed(Problems problems) {
        return new ParsedFile(Optional.empty(), Optional.empty(), Optional.empty(),
                Position.startOf(problems.file()), List.of(), problems.diagnostics());
    }

    boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
