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
 */
public record FileStep(StepCommon common, String path, Optional<String> content, Optional<TemplateRef> template,
                       int mode) implements Step {
    public FileStep {
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
        return m;
    }

    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.FILE_TIMEOUT);
    }
}
