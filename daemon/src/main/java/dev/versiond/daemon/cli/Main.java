package dev.versiond.daemon.cli;

import dev.versiond.spec.VersiondException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code versiond}: the entry point of the jar. Each subcommand is one class in this package. */
@Command(name = "versiond", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "GitOps reconciliation agent for fleets of VMs.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (used by tests that stay in-process). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        return cli.execute(args);
    }

    /** The one boundary where a command's exception becomes a message and an exit code; no stack trace for user errors. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof VersiondException ve) {
            cmd.getErr().println("versiond: " + ve.getMessage());
            return ve.code().exitCode();
        }
        cmd.getErr().println("versiond: internal error: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
