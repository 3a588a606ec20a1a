package dev.versiond.spec.load;

import dev.versiond.spec.model.Position;

/**
 * A file step's {@code template:} as written, before the template's text is read.
 *
 * @param path the template's path in the repository ({@code components/<name>/...})
 * @param position the {@code template:} value, where a missing template is reported
 */
record TemplateUse(String path, Position position) {
}
