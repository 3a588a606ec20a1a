package dev.versiond.spec.model;

import java.util.Objects;

/**
 * A template file of a component, read when the desired state was loaded.
 *
 * @param path path in the repository (under the component's folder)
 * @param text the template's source (Mustache)
 */
public record TemplateRef(String path, String text) {
    public TemplateRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }
}
