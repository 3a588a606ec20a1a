package dev.versiond.spec.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Write a file atomically, from literal {@code content} or a {@code template} rendered with the
 * version and config values. Its inverse is the previous content (or absence) captured when it is
 * applied.
 *
 * @param path absolute, normalised host path
 * @param mode POSIX permission bits, e.g. 0644
 * @param vars the step's own template variables ({@code vars:}, and {@code item} of a {@code forEach}),
 *     seen by its template as {@code {{vars.NAME}}} (and {@code {{item}}})
 */
public record FileStep(StepCommon common, String path, Optional<String> content, Optional<TemplateRef> template,
                       int mode, Map<String, String> vars) implements Step {
    public FileStep {
        vars = Map.copyOf(vars);
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(template, "template");
        if (content.isPresent() == template.isPresent()) {
            throw new IllegalArgumentException("a file step has exactly one of content and template");
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
    }

    /** A file step without variables of its own. */
    public FileStep(StepCommon common, String path, Optional<String> content, Optional<TemplateRef> template, int mode) {
        this(common, path, content, template, mode, Map.of());
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public boolean hasInverse() {
        return !common.irreversible();
    }

    @Override
    public Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        content.ifPresent(c -> m.put("content", c));
        template.ifPresent(t -> m.put("template", t.text()));
        m.put("mode", String.format("%04o", mode));
        if (!vars.isEmpty()) {
            m.put("vars", new java.util.TreeMap<String, Object>(vars));
        }
        return m;
    }

    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.FILE_TIMEOUT);
    }
}
