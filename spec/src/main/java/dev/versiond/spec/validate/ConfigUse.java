package dev.versiond.spec.validate;

import java.util.List;
import java.util.Objects;

/**
 * A {@code config.*} value a template uses, which every target naming the component must give.
 *
 * @param variable as written in the template, e.g. {@code config.db.host}
 * @param template the template's path in the repository
 * @param path the keys below {@code config}, e.g. [db, host]
 * @param asValue whether the template renders it as text ({@code {{config.db.host}}}), not only as a section
 */
public record ConfigUse(String variable, String template, List<String> path, boolean asValue) {
    public ConfigUse {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(template, "template");
        path = List.copyOf(path);
    }

    /** A use as a value. */
    public ConfigUse(String variable, String template, List<String> path) {
        this(variable, template, path, true);
    }
}
