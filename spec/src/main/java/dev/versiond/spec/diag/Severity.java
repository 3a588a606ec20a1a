package dev.versiond.spec.diag;

/** How bad a diagnostic is: an error makes the desired state unusable, a warning does not. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
