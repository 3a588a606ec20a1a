package dev.versiond.spec.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.versiond.spec.model.TemplateRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Renders config templates with Mustache (JMustache), strictly: a variable missing from the
 * context is an error, never an empty string; no HTML escaping (these are config files, not
 * pages); no partials, so a template cannot read any other file, on the host or in the repository.
 *
 * <p>The context of every template: {@code version}, {@code component}, {@code host} and
 * {@code config} (the target's values for the component; nested keys by dots).
 */
public final class Templates {
    /** The names a template may use at its top level. */
    public static final Set<String> ROOTS = Set.of("version", "component", "host", "config");

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .strictSections(true)
            .withLoader(name -> {
                throw new TemplateException(name, 1, "partials ({{> " + name + "}}) are not supported: "
                        + "a template cannot read any other file", null);
            });

    private Templates() {
    }

    /** The context a template is rendered with. */
    public static Map<String, Object> context(String component, String version, String host, Map<String, Object> config) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("version", version);
        context.put("component", component);
        context.put("host", host);
        context.put("config", config);
        return context;
    }

    /** Renders a template; an undefined variable or a syntax error is a {@link TemplateException}. */
    public static String render(TemplateRef template, Map<String, Object> context) {
        Template compiled = compile(template);
        try {
            return compiled.execute(context);
        } catch (MustacheException.Context e) {
            throw new TemplateException(template.path(), e.lineNo,
                    "template variable '" + e.key + "' is not defined (available: version, component, host, config.*)", e);
        } catch (MustacheException e) {
            throw new TemplateException(template.path(), 1, "cannot render template: " + e.getMessage(), e);
        }
    }

    /**
     * The variables a template uses outside any section, as written ({@code config.db.host},
     * {@code version}), plus the names of the sections themselves. Variables inside a section are
     * relative to it and are not listed.
     */
    public static Set<String> variables(TemplateRef template) {
        return uses(template).names();
    }

    /**
     * What a template uses outside any section.
     *
     * @param names the variables and section names, in template order ({@link #variables})
     * @param values those of them used as a value ({@code {{x}}}, {@code {{{x}}}}), which render as
     *     text, as opposed to a section ({@code {{#x}}}) that iterates or tests its value
     */
    public record Uses(Set<String> names, Set<String> values) {
        public Uses {
            names = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(names));
            values = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }
    }

    /** The names a template uses outside any section, and which of them as values: see {@link Uses}. */
    public static Uses uses(TemplateRef template) {
        Template compiled = compile(template);
        Set<String> names = new LinkedHashSet<>();
        Set<String> values = new LinkedHashSet<>();
        // Returning false from the section callbacks keeps the visitor out of section bodies.
        compiled.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
                names.add(name);
                values.add(name);
            }

            @Override
            public boolean visitInclude(String name) {
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                names.add(name);
                return false;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                names.add(name);
                return false;
            }
        });
        return new Uses(names, values);
    }

    private static Template compile(TemplateRef template) {
        Template compiled;
        try {
            compiled = COMPILER.compile(template.text());
        } catch (MustacheException e) {
            throw new TemplateException(template.path(), lineOf(e), "invalid template: " + e.getMessage(), e);
        }
        // JMustache loads partials lazily, at render time; refuse them here so that validation
        // reports them and rendering never reaches the loader.
        compiled.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {
            }

            @Override
            public void visitVariable(String name) {
            }

            @Override
            public boolean visitInclude(String name) {
                throw new TemplateException(template.path(), 1, "partials are not supported ({{> " + name
                        + "}}): a template cannot read other files, on the host or in the repository", null);
            }

            @Override
            public boolean visitSection(String name) {
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                return true;
            }
        });
        return compiled;
    }

    private static int lineOf(MustacheException e) {
        String m = String.valueOf(e.getMessage());
        int at = m.lastIndexOf("@ line ");
        if (at >= 0) {
            String digits = m.substring(at + 7).replaceAll("[^0-9].*", "");
            if (!digits.isEmpty()) {
                return Integer.parseInt(digits);
            }
        }
        return 1;
    }
}
