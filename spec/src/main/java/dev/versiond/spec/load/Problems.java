package dev.versiond.spec.load;

import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Position;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** The diagnostics of one file as they are found, with positions taken from YAML nodes (0-based marks → 1-based). */
final class Problems {
    private final String file;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int errors;

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    Position at(Node node) {
        return at(node.getStartMark());
    }

    Position at(Mark mark) {
        return mark == null ? Position.startOf(file) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    void error(Node node, String message) {
        error(at(node), message);
    }

    void error(Position position, String message) {
        diagnostics.add(Diagnostic.error(position, message));
        errors++;
    }

    void warning(Position position, String message) {
        diagnostics.add(Diagnostic.warning(position, message));
    }

    int errorCount() {
        return errors;
    }

    List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
