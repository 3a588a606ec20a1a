package dev.versiond.daemon.state;

import java.util.Objects;

/**
 * A file or link versiond put on the host, with what it should look like, for drift detection.
 *
 * @param kind {@code file} or {@code link}
 * @param expected for a file {@code sha256:<hex>:<mode>}, for a link its target
 * @param origin {@code component/version/step} of the step that wrote it, or {@code component/config/step}
 */
public record Managed(String path, String component, String kind, String expected, String origin) {
    public Managed {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(origin, "origin");
    }
}
