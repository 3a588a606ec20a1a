package dev.versiond.daemon.cli;

import dev.versiond.daemon.state.SqliteNativeLibrary;
import dev.versiond.spec.VersiondException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code versiond}: the entry point of the jar. Each subcommand is one class in this package. */
@Command(name = "versiond", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "GitOps reconciliation agent for fleets of VMs.",
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, PlanCommand.class, ApplyCommand.class, FleetCommand.class, AuditCommand.class,
                HistoryCommand.class, BaselineCommand.class, RepairCommand.class, RetryCommand.class,
                StatusCommand.class, SnapshotsCommand.class, CompletionCommand.class, ManPagesCommand.class})
public final class Main {

    public static void main(String[] args) {
        SqliteNativeLibrary.usePrivateDirectory();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (used by tests that stay in-process). */
    public static int execute(String... args) {
        return execute(EngineAgentFactory.INSTANCE, args);
    }

    /** Runs a command line with {@code engine} behind {@code versiond run}. */
    public static int execute(AgentFactory engine, String... args) {
        return commandLine(engine).execute(args);
    }

    /** The whole command tree, ready to execute: every subcommand, the error handlers, the exit code table. */
    static CommandLine commandLine(AgentFactory engine) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new RunCommand(engine));
        cli.setExecutionExceptionHandler(Main::handle);
        // picocli prints the error and the usage, then returns 2 by default, which here means "changes will be applied".
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, rest) -> {
            usage.handleParseException(e, rest);
            return ExitCode.USAGE.code();
        });
        documentExitCodes(cli);
        return cli;
    }

    /** Every command's {@code --help} ends with the one table of exit codes. */
    private static void documentExitCodes(CommandLine cli) {
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        cli.getSubcommands().values().forEach(Main::documentExitCodes);
    }

    /** The one boundary where a command's exception becomes a message and an exit code; no stack trace for user errors. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof VersiondException ve) {
            cmd.getErr().println("versiond: " + ve.getMessage());
            return ExitCode.of(ve.code()).code();
        }
        cmd.getErr().println("versiond: internal error: " + e);
        e.printStackTrace(cmd.getErr());
        return ExitCode.FAILED.code();
    }
}
