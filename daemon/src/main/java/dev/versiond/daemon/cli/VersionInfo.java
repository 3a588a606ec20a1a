package dev.versiond.daemon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The version printed by {@code --version}: the project's version and the commit the jar was built from,
 * both written into {@code build.properties} when Maven builds it. A build outside a Git checkout (a source
 * tarball, the container build, which leaves {@code .git} out) has no commit and says so.
 */
final class VersionInfo implements CommandLine.IVersionProvider {
    static final String UNKNOWN_COMMIT = "unknown commit";

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    /** {@code versiond 0.1.0 (commit 1a2b3c4d5e6f)}, or {@code (development build)} from an unpackaged class tree. */
    static String line() {
        Properties build = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is the same as none: the version is unknown
        }
        String version = filled(build.getProperty("version"));
        if (version == null) {
            return "versiond (development build)";
        }
        String commit = filled(build.getProperty("commit"));
        String dirty = "true".equals(build.getProperty("dirty")) ? ", with uncommitted changes" : "";
        return "versiond " + version + " (" + (commit == null ? UNKNOWN_COMMIT : "commit " + commit + dirty) + ")";
    }

    /** A property Maven filled in; {@code null} for one left as its {@code ${...}} placeholder or empty. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? null : value.trim();
    }
}
