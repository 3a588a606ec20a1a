package dev.versiond.daemon.plan;

import java.util.Objects;

/** A managed file or link that is not what versiond recorded writing. */
public record Drift(String component, String path, String expected, String actual, String origin) {
    public Drift {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String toString() {
        return path + ": expected " + expected + ", found " + actual + " (written by " + origin + ")";
    }
}
