package dev.versiond.daemon.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}: the jar's implementation version. */
final class VersionInfo implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"versiond " + (v == null ? "(development build)" : v)};
    }
}
