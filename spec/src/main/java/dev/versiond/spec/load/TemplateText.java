package dev.versiond.spec.load;

import dev.versiond.spec.VersiondException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.TemplateRef;
import dev.versiond.spec.template.TemplateException;
import dev.versiond.spec.template.Templates;
import dev.versiond.spec.tree.SpecTree;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A template file as read and checked on its own: its text, the variables it uses (and which of them
 * as values rather than sections), and the problems
 * that make it unusable (not UTF-8, too large, bad syntax, a name outside the template context).
 */
record TemplateText(String text, Set<String> variables, Set<String> values, List<Diagnostic> problems) {
    TemplateText {
        variables = Collections.unmodifiableSet(new LinkedHashSet<>(variables));
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        problems = List.copyOf(problems);
    }

    static TemplateText read(SpecTree tree, String path) {
        Problems problems = new Problems(path);
        byte[] bytes;
        try {
            bytes = tree.read(path);
        } catch (VersiondException e) {
            problems.error(Position.startOf(path), "cannot read template: " + e.getMessage());
            return new TemplateText("", Set.of(), Set.of(), problems.diagnostics());
        }
        if (bytes.length > YamlReader.MAX_BYTES) {
            problems.error(Position.startOf(path), "template is " + bytes.length + " bytes, larger than the limit of "
                    + YamlReader.MAX_BYTES + " bytes (1 MiB)");
            return new TemplateText("", Set.of(), Set.of(), problems.diagnostics());
        }
        Optional<String> text = YamlReader.decode(bytes, problems);
        if (text.isEmpty()) {
            return new TemplateText("", Set.of(), Set.of(), problems.diagnostics());
        }
        Set<String> variables;
        Set<String> values;
        try {
            Templates.Uses uses = Templates.uses(new TemplateRef(path, text.get()));
            variables = uses.names();
            values = uses.values();
        } catch (TemplateException e) {
            String message = e.getMessage();
            problems.error(new Position(path, e.line(), 1), message.substring(message.indexOf(": ") + 2));
            return new TemplateText(text.get(), Set.of(), Set.of(), problems.diagnostics());
        }
        for (String v : variables) {
            String root = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
            if (!Templates.ROOTS.contains(root)) {
                problems.error(positionOf(path, text.get(), v), "template uses '{{" + v + "}}', but only version, "
                        + "component, host and config.<key> are available to templates");
            }
        }
        return new TemplateText(text.get(), variables, values, problems.diagnostics());
    }

    /** Where a name first occurs in the text (templates have no node positions). */
    private static Position positionOf(String path, String text, String name) {
        int at = text.indexOf(name);
        if (at < 0) {
            return Position.startOf(path);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(path, line, at - lineStart + 1);
    }
}
