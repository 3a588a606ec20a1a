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
            String problem = message.substring(message.indexOf(": ") + 2);
            problems.error(problemPosition(path, text.get(), e.line(), problem), problem);
            return new TemplateText(text.get(), Set.of(), Set.of(), problems.diagnostics());
        }
        for (String v : variables) {
            String root = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
            if (!Templates.ROOTS.contains(root)) {
                problems.error(positionOf(path, text.get(), v), "template uses '{{" + v + "}}', but only version, "
                        + "component, host and config.<key> are available to templates, and a file step's vars.<name> "
                        + "and forEach item");
            }
        }
        return new TemplateText(text.get(), variables, values, problems.diagnostics());
    }

    /**
     * Where JMustache's problem is: a partial at its tag (JMustache says line 1), otherwise on the line
     * it gives, at the tag that names the quoted name of the message, or the line's first tag.
     */
    private static Position problemPosition(String path, String text, int line, String problem) {
        List<TemplateTags.Tag> tags = TemplateTags.scan(text);
        if (problem.startsWith("partials")) {
            for (TemplateTags.Tag t : tags) {
                if (t.sigil() == '>') {
                    return new Position(path, t.line(), t.column());
                }
            }
        }
        int quote = problem.indexOf('\'');
        int endQuote = quote < 0 ? -1 : problem.indexOf('\'', quote + 1);
        String quoted = endQuote < 0 ? null : problem.substring(quote + 1, endQuote);
        TemplateTags.Tag onLine = null;
        for (TemplateTags.Tag t : tags) {
            if (t.line() == line) {
                if (t.name().equals(quoted)) {
                    return new Position(path, t.line(), t.column());
                }
                onLine = onLine == null ? t : onLine;
            }
        }
        return onLine != null ? new Position(path, onLine.line(), onLine.column()) : new Position(path, line, 1);
    }

    /** Where a name is first used in a tag, else where it first occurs in the text. */
    private static Position positionOf(String path, String text, String name) {
        for (TemplateTags.Tag t : TemplateTags.scan(text)) {
            if (t.name().equals(name) && t.sigil() != '!' && t.sigil() != '=') {
                return new Position(path, t.line(), t.column());
            }
        }
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
