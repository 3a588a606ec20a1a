package dev.versiond.daemon.cli;

import dev.versiond.daemon.cli.docs.ManPages;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code versiond man-pages DIR}: writes the man pages of every command, as the package build does. */
@Command(name = "man-pages", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Write the man pages of versiond and each of its commands into DIR (section 1, gzipped).",
                "The Debian package ships them; this is how its build makes them."})
final class ManPagesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory to write versiond.1.gz, versiond-plan.1.gz, ... into.")
    private Path dir;

    @Override
    public Integer call() {
        int pages;
        try {
            pages = ManPages.write(spec.root().commandLine(), VersionInfo.line(), dir);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.USAGE, "cannot write the man pages into " + dir + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + pages + " man pages into " + dir);
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
