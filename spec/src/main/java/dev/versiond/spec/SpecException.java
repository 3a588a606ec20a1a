package dev.versiond.spec;

import dev.versiond.spec.diag.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/** The desired state has errors; carries every diagnostic, each naming its file, line and column. */
public class SpecException extends VersiondException {
    private final List<Diagnostic> diagnostics;

    public SpecException(List<Diagnostic> diagnostics) {
        super(ErrorCode.SPEC_INVALID, summary(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static String summary(List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        return "desired state has " + errors + " error(s):\n"
                + diagnostics.stream().filter(Diagnostic::isError).limit(20)
                        .map(Diagnostic::toString).collect(Collectors.joining("\n"));
    }
}
