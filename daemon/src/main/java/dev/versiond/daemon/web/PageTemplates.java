package dev.versiond.daemon.web;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's Mustache templates, read from the jar beside this class and compiled once each. Every
 * {@code {{value}}} is HTML-escaped; a missing name is an error (a typo fails the tests, not the page's
 * readers), a null value renders as nothing. No partials: a template includes nothing but its model.
 */
final class PageTemplates {
    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(true)
            .nullValue("")
            .emptyStringIsFalse(true)
            .withLoader(name -> {
                throw new IllegalArgumentException("the status page's templates use no partials: " + name);
            });

    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /** Renders {@code <name>.mustache} with {@code model}. */
    String render(String name, Object model) {
        return compiled.computeIfAbsent(name, PageTemplates::compile).execute(model);
    }

    private static Template compile(String name) {
        String resource = name + ".mustache";
        try (InputStream in = PageTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no template " + resource + " in the jar beside "
                        + PageTemplates.class.getName());
            }
            return COMPILER.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + resource, e);
        }
    }
}
